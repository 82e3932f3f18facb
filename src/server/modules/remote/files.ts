import { createHash } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir, rm } from 'node:fs/promises';
import path from 'node:path';
import { Transform, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { fileTypeFromFile } from 'file-type';
import type { Selectable } from 'kysely';
import type { Executor } from '../../db/types.ts';
import { recordAudit, type Actor } from '../../platform/audit.ts';
import { hasRole, type Principal } from '../../platform/auth.ts';
import { AppError, badRequest, forbidden, notFound, unauthorized } from '../../platform/errors.ts';
import { newId } from '../../platform/ids.ts';
import { identifyCitizen, type CitizenPrincipal } from '../citizens/service.ts';
import { getCase } from '../cases/service.ts';
import { scopeOf } from '../org/service.ts';
import { allowedFileTypes, isAllowedFileType, sizeLabel } from './rules.ts';
import type { RemoteFilesTable } from './tables.ts';

export interface Storage {
  dir: string;
  maxBytes: number;
}

export interface FileView {
  id: string;
  name: string;
  type: string;
  typeLabel: string;
  size: number;
  sha256: string;
  createdAt: string;
}

export const toFileView = (row: Selectable<RemoteFilesTable>): FileView => ({
  id: row.id,
  name: row.original_name,
  type: row.detected_type,
  typeLabel: allowedFileTypes[row.detected_type],
  size: row.size_bytes,
  sha256: row.sha256,
  createdAt: row.created_at.toISOString(),
});

export const fileTooLarge = (maxBytes: number) => new AppError(413, 'FILE_TOO_LARGE', `文件超过 ${sizeLabel(maxBytes)}，请压缩或分页后重新上传`);
export const brokenUpload = () => badRequest('INVALID_MULTIPART', '上传的数据不完整或格式不正确，请重新选择文件上传');

/** What to answer when the uploaded stream fails: too large, cut off or malformed (the uploader's), or our disk's. */
function streamFailure(error: unknown, maxBytes: number): unknown {
  const code = (error as { code?: string }).code;
  if (code === 'FST_REQ_FILE_TOO_LARGE') return fileTooLarge(maxBytes);
  // A file system failure (ENOSPC, EACCES…) is the server's, not the uploader's.
  if (code?.startsWith('E')) return error;
  return brokenUpload();
}

/** The upload as the multipart parser hands it over: the stream is cut at the size limit and says so. */
export interface IncomingFile {
  filename: string;
  stream: Readable & { truncated?: boolean };
}

/**
 * Keeps an uploaded file of a real-name citizen: streamed to the storage folder while its hash and size are
 * taken, then its type read from its first bytes. Anything refused (too large, not PDF/JPEG/PNG, empty) leaves
 * nothing behind, on disk or in the database.
 */
export async function storeUpload(executor: Executor, citizen: CitizenPrincipal, storage: Storage, upload: IncomingFile): Promise<FileView> {
  await identifyCitizen(executor, citizen);
  const id = newId();
  // Two levels keep any one folder small; the name is ours, never the uploader's.
  const relative = path.join(id.slice(-2), id);
  const absolute = path.join(storage.dir, relative);
  const hash = createHash('sha256');
  let size = 0;
  const measure = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      size += chunk.length;
      hash.update(chunk);
      done(null, chunk);
    },
  });
  try {
    await mkdir(path.dirname(absolute), { recursive: true });
    await pipeline(upload.stream, measure, createWriteStream(absolute, { flags: 'wx' })).catch((error: unknown) => {
      throw streamFailure(error, storage.maxBytes);
    });
    if (upload.stream.truncated || size > storage.maxBytes) throw fileTooLarge(storage.maxBytes);
    if (size === 0) throw badRequest('EMPTY_FILE', '文件是空的，请重新选择');
    const sniffed = await fileTypeFromFile(absolute);
    if (!isAllowedFileType(sniffed?.mime)) throw badRequest('FILE_TYPE_NOT_ALLOWED', '只能上传 PDF、JPEG 或 PNG 文件（按文件内容识别，改扩展名无效）');
    const name = path.basename(upload.filename || '未命名').slice(0, 200);
    const row = await executor
      .insertInto('remote_files')
      .values({ id, citizen_id: citizen.id, original_name: name, detected_type: sniffed.mime, size_bytes: size, sha256: hash.digest('hex'), storage_path: relative })
      .returningAll()
      .executeTakeFirstOrThrow();
    return toFileView(row);
  } catch (error) {
    await rm(absolute, { force: true });
    throw error;
  }
}

export async function fileRow(executor: Executor, id: string): Promise<Selectable<RemoteFilesTable>> {
  const row = await executor.selectFrom('remote_files').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row) throw notFound('文件', id);
  return row;
}

/** The files of `ids` that belong to the citizen; refuses when one does not. */
export async function assertOwnFiles(executor: Executor, citizenId: string, ids: string[]): Promise<void> {
  if (!ids.length) return;
  const own = await executor.selectFrom('remote_files').select('id').where('id', 'in', ids).where('citizen_id', '=', citizenId).execute();
  if (own.length !== new Set(ids).size) throw badRequest('INVALID_FILE', '文件不存在或不是您上传的，请重新上传');
}

const staffReaders = ['window_staff', 'center_manager', 'admin', 'dept_approver'] as const;

/** The centers (and departments) whose staff may open a file: those of the applications and cases it was given to. */
async function placesOfFile(executor: Executor, fileId: string): Promise<{ centerId: string; departmentId: string }[]> {
  const applications = await executor
    .selectFrom('remote_application_materials as m')
    .innerJoin('remote_applications as a', 'a.id', 'm.application_id')
    .select(['a.center_id', 'a.department_id'])
    .where('m.file_id', '=', fileId)
    .execute();
  const supplements = await executor.selectFrom('remote_supplements').select('case_id').where('file_id', '=', fileId).execute();
  const cases = await Promise.all(supplements.map((s) => getCase(executor, s.case_id)));
  return [...applications.map((a) => ({ centerId: a.center_id, departmentId: a.department_id })), ...cases.map((c) => ({ centerId: c.centerId, departmentId: c.departmentId }))];
}

/**
 * A file to download: only its owner, or staff of a center (department) it was submitted to — their every
 * download audited, as it shows a person's documents.
 */
export async function fileForDownload(executor: Executor, principal: Principal | undefined, actor: Actor, storage: Storage, id: string): Promise<{ file: FileView; absolutePath: string }> {
  if (!principal) throw unauthorized();
  const row = await fileRow(executor, id);
  if (principal.kind === 'citizen') {
    if (row.citizen_id !== principal.id) throw forbidden('只能下载本人上传的文件');
  } else {
    let allowedIn: string | undefined;
    for (const place of await placesOfFile(executor, id)) {
      if (hasRole(principal, staffReaders, await scopeOf(executor, place.centerId, place.departmentId))) {
        allowedIn = place.centerId;
        break;
      }
    }
    if (!allowedIn) throw forbidden('只有受理该申请的中心工作人员可以查看此文件');
    await recordAudit(executor, actor, { action: 'remote.file.download', entityType: 'remote_file', entityId: id, centerId: allowedIn, after: { name: row.original_name, sha256: row.sha256 } });
  }
  return { file: toFileView(row), absolutePath: path.join(storage.dir, row.storage_path) };
}
