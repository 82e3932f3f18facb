import { FileDoneOutlined } from '@ant-design/icons';
import { Button, Modal } from 'antd';
import { useState } from 'react';
import { AcceptancePanel, type ServedTicket } from './AcceptancePanel';

/**
 * 受理办件 for the ticket being served: a button next to it on the workstation that opens the acceptance
 * panel in a dialog (so the workstation's function keys rest while staff type), with the ticket's item
 * preselected and its registered applicant one click away.
 */
export function AcceptCaseButton({ ticket, centerId, disabled }: { ticket: ServedTicket; centerId: string; disabled?: boolean }) {
  const [open, setOpen] = useState(false);
  return (
    <>
      <Button size="large" icon={<FileDoneOutlined />} disabled={disabled} onClick={() => setOpen(true)} style={{ height: 56, minWidth: 128 }} data-testid="action-accept-case">
        受理办件
      </Button>
      <Modal open={open} title={`受理办件 · ${ticket.number}`} width={1000} footer={null} maskClosable={false} keyboard={false} destroyOnHidden onCancel={() => setOpen(false)}>
        <AcceptancePanel centerId={centerId} ticket={ticket} />
      </Modal>
    </>
  );
}
