/** An error the caller caused: answered with its status and the error shape of API.md. */
export class AppError extends Error {
  constructor(
    readonly statusCode: number,
    readonly code: string,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = 'AppError';
  }
}

export const badRequest = (code: string, message: string, details?: unknown) => new AppError(400, code, message, details);
export const unauthorized = (code = 'UNAUTHENTICATED', message = '请先登录') => new AppError(401, code, message);
export const forbidden = (message = '无权执行此操作', code = 'FORBIDDEN') => new AppError(403, code, message);
export const notFound = (what: string, id?: string) =>
  new AppError(404, 'NOT_FOUND', `${what}不存在`, id === undefined ? undefined : { id });
export const conflict = (code: string, message: string, details?: unknown) => new AppError(409, code, message, details);

export interface ErrorBody {
  error: { code: string; message: string; details?: unknown };
}
