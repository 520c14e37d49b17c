import { z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';

export const Bilingual = z.object({ vi: z.string(), en: z.string() });
export type Bilingual = z.infer<typeof Bilingual>;

export const FieldError = z.object({ field: z.string(), code: z.string(), message: Bilingual });
export type FieldError = z.infer<typeof FieldError>;

/** A refused row of an imported file: its line as the person sees it, and the rule it breaks where one is named. */
export const LineError = z.object({
  line: z.int(),
  field: z.string(),
  rule: z.string().optional().openapi({ description: 'The named rule the row breaks, e.g. result_not_before_receipt' }),
  message: Bilingual,
});
export type LineError = z.infer<typeof LineError>;

/** Refused lines an answer lists; the whole list is a download (see the imports routes). */
export const LINES_SHOWN = 500;

/** The one error shape every endpoint answers with. */
export const ApiError = z
  .object({
    error: z.object({
      code: z.string(),
      message: Bilingual,
      fields: z.array(FieldError).optional(),
      lines: z
        .array(LineError)
        .optional()
        .openapi({ description: `The first ${LINES_SHOWN} refused lines` }),
      linesTotal: z.int().optional().openapi({ description: 'How many lines were refused in all' }),
    }),
  })
  .openapi('ApiError');

export class HttpError extends Error {
  constructor(
    readonly status: ContentfulStatusCode,
    readonly code: string,
    readonly bilingual: Bilingual,
    readonly fields?: FieldError[],
    readonly lines?: LineError[],
    /** Headers the answer carries, such as Retry-After. */
    readonly headers: Record<string, string> = {},
    /** How many lines were refused in all, when `lines` holds the first of them. */
    readonly linesTotal = lines?.length,
  ) {
    super(bilingual.en);
  }
}

export function errorBody(code: string, message: Bilingual, fields?: FieldError[], lines?: LineError[], linesTotal = lines?.length) {
  return {
    error: {
      code,
      message,
      ...(fields ? { fields } : {}),
      ...(lines ? { lines: lines.slice(0, LINES_SHOWN), linesTotal } : {}),
    },
  };
}

export function sendError(c: Context, e: HttpError) {
  return c.json(errorBody(e.code, e.bilingual, e.fields, e.lines, e.linesTotal), e.status, e.headers);
}

const TYPE_NAMES: Record<string, Bilingual> = {
  number: { vi: 'một số', en: 'a number' },
  int: { vi: 'một số nguyên', en: 'a whole number' },
  string: { vi: 'chuỗi ký tự', en: 'text' },
  boolean: { vi: 'đúng/sai', en: 'true or false' },
  array: { vi: 'một danh sách', en: 'a list' },
  object: { vi: 'một đối tượng', en: 'an object' },
};

const UNIT_NAMES: Record<string, Bilingual> = {
  string: { vi: 'ký tự', en: 'characters' },
  array: { vi: 'phần tử', en: 'items' },
  set: { vi: 'phần tử', en: 'items' },
};

function bound(issue: { origin?: string; inclusive?: boolean }, value: unknown, small: boolean): Bilingual {
  const unit = issue.origin ? UNIT_NAMES[issue.origin] : undefined;
  if (unit) {
    return small
      ? { vi: `Cần ít nhất ${value} ${unit.vi}`, en: `Must have at least ${value} ${unit.en}` }
      : { vi: `Tối đa ${value} ${unit.vi}`, en: `Must have at most ${value} ${unit.en}` };
  }
  const strict = issue.inclusive === false;
  if (small) {
    return strict
      ? { vi: `Phải lớn hơn ${value}`, en: `Must be greater than ${value}` }
      : { vi: `Phải từ ${value} trở lên`, en: `Must be at least ${value}` };
  }
  return strict
    ? { vi: `Phải nhỏ hơn ${value}`, en: `Must be less than ${value}` }
    : { vi: `Không được lớn hơn ${value}`, en: `Must be at most ${value}` };
}

const FORMATS: Record<string, Bilingual> = {
  date: { vi: 'Cần một ngày dạng YYYY-MM-DD', en: 'Expected a date as YYYY-MM-DD' },
  datetime: {
    vi: 'Cần thời điểm theo ISO 8601, ví dụ 2025-07-01T08:30:00+07:00',
    en: 'Expected an ISO 8601 time, e.g. 2025-07-01T08:30:00+07:00',
  },
  regex: {
    vi: 'Sai định dạng (chỉ chữ, số, dấu chấm, gạch ngang, gạch dưới)',
    en: 'Invalid format (letters, digits, dot, dash, underscore)',
  },
  url: { vi: 'Cần một địa chỉ URL', en: 'Expected a URL' },
};

function valueAt(data: unknown, path: PropertyKey[]): unknown {
  let v = data;
  for (const key of path) {
    if (v === null || typeof v !== 'object') return undefined;
    v = (v as Record<PropertyKey, unknown>)[key];
  }
  return v;
}

/** Turns zod issues into field errors with a plain Vietnamese and English message each. */
export function fieldErrors(error: z.ZodError, input: unknown): FieldError[] {
  const out: FieldError[] = [];
  for (const issue of error.issues) {
    const path = issue.path;
    const field = path.map(String).join('.') || '(body)';
    switch (issue.code) {
      case 'invalid_type': {
        const missing = valueAt(input, issue.path) === undefined;
        const t = TYPE_NAMES[issue.expected] ?? { vi: issue.expected, en: issue.expected };
        out.push({
          field,
          code: missing ? 'required' : issue.code,
          message: missing
            ? { vi: 'Thiếu trường bắt buộc', en: 'This field is required' }
            : { vi: `Sai kiểu dữ liệu: cần ${t.vi}`, en: `Wrong type: expected ${t.en}` },
        });
        break;
      }
      case 'too_small':
        out.push({ field, code: issue.code, message: bound(issue, issue.minimum, true) });
        break;
      case 'too_big':
        out.push({ field, code: issue.code, message: bound(issue, issue.maximum, false) });
        break;
      case 'invalid_value': {
        const allowed = issue.values.map((v) => JSON.stringify(v)).join(', ');
        out.push({
          field,
          code: issue.code,
          message: { vi: `Giá trị không hợp lệ; chấp nhận: ${allowed}`, en: `Invalid value; allowed: ${allowed}` },
        });
        break;
      }
      case 'invalid_format':
        out.push({
          field,
          code: issue.code,
          message: FORMATS[issue.format] ?? { vi: `Sai định dạng (${issue.format})`, en: `Invalid format (${issue.format})` },
        });
        break;
      case 'unrecognized_keys':
        for (const key of issue.keys) {
          out.push({
            field: [...path, key].map(String).join('.'),
            code: issue.code,
            message: { vi: 'Trường không được phép', en: 'Unknown field' },
          });
        }
        break;
      default: {
        const params = (issue as { params?: Partial<Bilingual> }).params;
        out.push({
          field,
          code: issue.code,
          message: { vi: params?.vi ?? 'Giá trị không hợp lệ', en: params?.en ?? issue.message },
        });
      }
    }
  }
  return out;
}

/** A 422 naming one field, for a rule zod cannot state (it depends on stored data or on two fields). */
export const invalidField = (field: string, vi: string, en: string, code = 'invalid') =>
  new HttpError(422, 'validation_failed', { vi: 'Dữ liệu gửi lên không hợp lệ', en: 'The request has invalid fields' }, [
    { field, code, message: { vi, en } },
  ]);

export function validationError(error: z.ZodError, input: unknown): HttpError {
  return new HttpError(
    422,
    'validation_failed',
    { vi: 'Dữ liệu gửi lên không hợp lệ', en: 'The request has invalid fields' },
    fieldErrors(error, input),
  );
}

/** Errors several routes answer with. */
export const errors = {
  unitNotFound: (field: string) =>
    new HttpError(404, 'unit_not_found', { vi: 'Không tìm thấy đơn vị', en: 'Unit not found' }, [
      { field, code: 'not_found', message: { vi: 'Không có đơn vị với mã số này', en: 'No unit with this id' } },
    ]),
  periodBackwards: new HttpError(422, 'validation_failed', { vi: 'Khoảng thời gian không hợp lệ', en: 'Invalid period' }, [
    { field: 'to', code: 'before_from', message: { vi: 'Ngày kết thúc phải sau ngày bắt đầu', en: 'to must not be before from' } },
  ]),
  alreadyRated: (fields?: FieldError[]) =>
    new HttpError(
      409,
      'already_rated',
      {
        vi: 'Hồ sơ này đã được đánh giá. Mỗi hồ sơ chỉ được đánh giá một lần.',
        en: 'This dossier has already been rated. Each dossier can be rated once.',
      },
      fields,
    ),
};

/** An OpenAPI response entry in the error shape. */
export const errorResponse = (description: string) => ({ description, content: { 'application/json': { schema: ApiError } } });

/** What a report about a named unit can answer besides 200. */
export const UNIT_QUERY_ERRORS = {
  401: errorResponse('Not signed in'),
  403: errorResponse('Out of scope'),
  404: errorResponse('No such unit'),
  422: errorResponse('Invalid query'),
};
