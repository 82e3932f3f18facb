import { App } from 'antd';
import { useCallback } from 'react';
import { errorMessage } from './api';

/**
 * Runs one action a person clicked (delete, disable, rotate…) and says how it went: the success
 * sentence, or the server's message (a 409 such as 该部门还有专窗，不能删除). Resolves either way, so a
 * Popconfirm closes; the result tells the caller whether to refresh.
 */
export function useAction() {
  const { message } = App.useApp();
  return useCallback(
    async <T,>(action: () => Promise<T>, success?: string): Promise<T | undefined> => {
      try {
        const result = await action();
        if (success) message.success(success);
        return result;
      } catch (error) {
        message.error(errorMessage(error));
        return undefined;
      }
    },
    [message],
  );
}
