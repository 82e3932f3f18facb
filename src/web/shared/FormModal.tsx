import { Alert, App, Form, Modal, type FormInstance } from 'antd';
import { useCallback, useEffect, useLayoutEffect, useRef, useState, type ReactNode, type RefObject } from 'react';
import { errorMessage } from './api';

/**
 * A form instance outlives the dialog, and antd merges what it still holds over new initialValues;
 * resetting as the dialog's content mounts makes every opening start from its own initialValues
 * (and survives StrictMode's mount–unmount–mount, which `clearOnDestroy` does not).
 */
function ResetOnOpen() {
  const form = Form.useFormInstance();
  useLayoutEffect(() => form.resetFields(), [form]);
  return null;
}

const firstField = (container: HTMLElement) => container.querySelector<HTMLElement>('input:not([disabled]):not([type=hidden]), textarea:not([disabled])');

/**
 * Puts the focus in the first field once the dialog's content is on the page: before the dialog's focus trap
 * locks (which keeps a focus already inside it) and long before the opening animation ends, so keys
 * typed straight after the shortcut that opened the dialog land in the field.
 */
function FocusOnMount({ container }: { container: RefObject<HTMLDivElement | null> }) {
  // A passive effect: the portal attaches the dialog to the page in a layout effect, and focusing
  // an element not yet in the document does nothing.
  useEffect(() => {
    if (container.current) firstField(container.current)?.focus();
  }, [container]);
  return null;
}

export interface FormModalProps<T extends object> {
  open: boolean;
  title: string;
  /** Values the form starts from each time it opens (an edited record, or defaults for a new one). */
  initialValues?: Partial<T>;
  /** Saves; a thrown error keeps the dialog open and shows the server's message in it. */
  onSubmit(values: T): Promise<unknown>;
  onClose(): void;
  /** Said once the save succeeded, e.g. 已保存. */
  successMessage?: string;
  okText?: string;
  width?: number;
  /** Pass one in to watch fields from outside (a field that depends on another). */
  form?: FormInstance<T>;
  children: ReactNode;
}

/**
 * The create/edit dialog every admin screen uses: a vertical form whose OK button is its submit
 * button, so Enter in a field saves; the first field has the focus when it opens.
 */
export function FormModal<T extends object>({ open, title, initialValues, onSubmit, onClose, successMessage = '已保存', okText = '保存', width = 560, form, children }: FormModalProps<T>) {
  const { message } = App.useApp();
  const [submitting, setSubmitting] = useState(false);
  const [failure, setFailure] = useState<string>();
  const bodyRef = useRef<HTMLDivElement>(null);

  async function finish(values: T) {
    setSubmitting(true);
    setFailure(undefined);
    try {
      await onSubmit(values);
      message.success(successMessage);
      onClose();
    } catch (error) {
      setFailure(errorMessage(error));
    } finally {
      setSubmitting(false);
    }
  }

  // Once the dialog settles, make sure the focus is still in a field (the dialog may have taken it).
  const focusFirstField = useCallback(() => {
    const body = bodyRef.current;
    if (body && !body.contains(document.activeElement)) firstField(body)?.focus();
  }, []);

  return (
    <Modal
      open={open}
      title={title}
      width={width}
      okText={okText}
      onCancel={onClose}
      destroyOnHidden
      confirmLoading={submitting}
      okButtonProps={{ htmlType: 'submit' }}
      afterOpenChange={(opened) => opened && focusFirstField()}
      afterClose={() => setFailure(undefined)}
      modalRender={(dialog) => (
        <Form<T> form={form} layout="vertical" initialValues={initialValues} onFinish={finish} requiredMark>
          <ResetOnOpen />
          {dialog}
        </Form>
      )}
    >
      <div ref={bodyRef}>
        <FocusOnMount container={bodyRef} />
        {failure && <Alert type="error" showIcon title={failure} style={{ marginBottom: 16 }} />}
        {children}
      </div>
    </Modal>
  );
}
