/**
 * The OpenAPI 3.1 document of /api/v1, generated from the zod schemas the endpoints parse their
 * answers with (schemas.ts), with one example answer per endpoint (checked against the same
 * schemas by the tests). Served at /api/v1/openapi.json and shown as a page at /api/v1.
 */
import { OpenApiGeneratorV31, OpenAPIRegistry, type RouteConfig } from "@asteasolutions/zod-to-openapi";
import { z } from "zod";
import * as S from "./schemas";

const URL_BASE = "https://cnnt.example.gov.vn";

const recognition = {
  certificateId: 41,
  certificateNumber: "001/GCN-QG-2025",
  level: "national",
  year: 2025,
  issuedOn: "2025-12-08",
  validUntil: "2028-12-08",
  status: "valid",
  roundId: 7,
} as const;

/** One example answer per endpoint (operationId → body). */
export const EXAMPLES = {
  listProducts: {
    items: [
      {
        id: 12,
        name: "Bình gốm men da lươn",
        producerName: "Hợp tác xã Gốm Phù Lãng",
        province: "Bắc Ninh",
        productGroup: "Thủ công mỹ nghệ",
        recognitions: [recognition],
        url: `${URL_BASE}/san-pham/12`,
      },
    ],
    page: 1,
    pageSize: 20,
    total: 1,
  },
  getProduct: {
    id: 12,
    name: "Bình gốm men da lươn",
    description: "Gốm đất nung men da lươn, làm thủ công.",
    isSet: false,
    producerName: "Hợp tác xã Gốm Phù Lãng",
    producerAddress: "Thôn Phù Lãng, Xã Phù Lãng, Tỉnh Bắc Ninh",
    province: "Tỉnh Bắc Ninh",
    productGroup: "Thủ công mỹ nghệ",
    photos: [{ id: 3, caption: "Mặt trước", url: `${URL_BASE}/san-pham/12/anh/3` }],
    recognitions: [{ ...recognition, roundTitle: "Bình chọn cấp quốc gia năm 2025", revokedOn: null }],
    url: `${URL_BASE}/san-pham/12`,
  },
  verifyCertificate: {
    certificateNumber: "001/GCN-QG-2025",
    status: "valid",
    productName: "Bình gốm men da lươn",
    producerName: "Hợp tác xã Gốm Phù Lãng",
    producerAddress: "Thôn Phù Lãng, Xã Phù Lãng, Tỉnh Bắc Ninh",
    productGroup: "Nhóm 1: Thủ công mỹ nghệ",
    level: "national",
    year: 2025,
    issuedOn: "2025-12-08",
    validUntil: "2028-12-08",
    revokedOn: null,
    revokeReason: null,
    decision: { number: "3125/QĐ-BCT", signedOn: "2025-12-08", signerName: "Nguyễn Sinh Nhật Tân", signerTitle: "Thứ trưởng", issuer: "Bộ Công Thương" },
    productId: 12,
    productUrl: `${URL_BASE}/san-pham/12`,
  },
  listRounds: {
    items: [
      {
        id: 7,
        title: "Bình chọn cấp quốc gia năm 2025",
        level: "national",
        year: 2025,
        organizer: "Cục Công Thương địa phương",
        unit: null,
        publishedAt: "2025-12-10T03:00:00.000Z",
        url: `${URL_BASE}/ket-qua/7`,
      },
    ],
    page: 1,
    pageSize: 20,
    total: 1,
  },
  getRoundResults: {
    round: {
      id: 7,
      title: "Bình chọn cấp quốc gia năm 2025",
      level: "national",
      year: 2025,
      organizer: "Cục Công Thương địa phương",
      unit: null,
      publishedAt: "2025-12-10T03:00:00.000Z",
      url: `${URL_BASE}/ket-qua/7`,
    },
    decisions: [{ number: "3125/QĐ-BCT", signedOn: "2025-12-08", signerName: "Nguyễn Sinh Nhật Tân", signerTitle: "Thứ trưởng", issuer: "Bộ Công Thương" }],
    results: [
      {
        productId: 12,
        productName: "Bình gốm men da lươn",
        producerName: "Hợp tác xã Gốm Phù Lãng",
        province: "Bắc Ninh",
        productGroup: "Thủ công mỹ nghệ",
        productGroupId: 1,
        certificateId: 41,
        certificateNumber: "001/GCN-QG-2025",
        validUntil: "2028-12-08",
        status: "valid",
      },
    ],
  },
  listUnits: {
    date: "2026-06-01",
    parentId: null,
    items: [{ id: 24, code: "24", name: "Bắc Ninh", kind: "Tỉnh", level: "province", parentId: null, regionCode: "north", validFrom: "2025-07-01", validTo: null }],
  },
  listOrganizerRounds: {
    items: [
      {
        id: 9,
        title: "Bình chọn cấp tỉnh Bắc Ninh năm 2026",
        level: "province",
        year: 2026,
        status: "scoring",
        organizer: "Sở Công Thương Bắc Ninh",
        registrationOpensOn: "2026-03-01",
        registrationClosesOn: "2026-04-30",
        announcementOn: "2026-07-15",
        entryCount: 18,
      },
    ],
  },
  listOrganizerEntries: {
    items: [
      {
        id: 301,
        dossierNo: "HS-2026-0001",
        votingCode: "BN-001",
        status: "accepted",
        submittedAt: "2026-04-02T02:15:00.000Z",
        answerBy: "2026-04-07",
        overdue: false,
        productName: "Bình gốm men da lươn",
        productGroupId: 1,
        productGroup: "Thủ công mỹ nghệ",
        producerName: "Hợp tác xã Gốm Phù Lãng",
        place: "Xã Phù Lãng, Tỉnh Bắc Ninh",
      },
    ],
    page: 1,
    pageSize: 20,
    total: 1,
  },
  getOrganizerResults: {
    round: { id: 9, title: "Bình chọn cấp tỉnh Bắc Ninh năm 2026", status: "results_review", stage: 1, closedAt: "2026-06-20T09:00:00.000Z", passMarkTenths: 700 },
    counts: { entries: 1, scored: 1, passed: 1, recommended: 1, recognised: 0, notRecognised: 0, pending: 1 },
    items: [
      {
        entryId: 301,
        dossierNo: "HS-2026-0001",
        votingCode: "BN-001",
        productName: "Bình gốm men da lươn",
        productGroupId: 1,
        productGroup: "Thủ công mỹ nghệ",
        producerName: "Hợp tác xã Gốm Phù Lãng",
        commune: "Phù Lãng",
        province: "Bắc Ninh",
        judgesCount: 3,
        meanHundredths: 8203,
        mean: "82.03",
        rank: 1,
        rankInGroup: 1,
        passed: true,
        recommended: true,
        verdict: "pending",
        votes: null,
      },
    ],
  },
} as const;

export type OperationId = keyof typeof EXAMPLES;

/** Each operation's answer schema, for the tests and the routes. */
export const RESPONSE_SCHEMAS: Record<OperationId, z.ZodTypeAny> = {
  listProducts: S.ProductList,
  getProduct: S.ProductDetail,
  verifyCertificate: S.Verification,
  listRounds: S.RoundList,
  getRoundResults: S.RoundResults,
  listUnits: S.UnitList,
  listOrganizerRounds: S.OrganizerRoundList,
  listOrganizerEntries: S.OrganizerEntryList,
  getOrganizerResults: S.OrganizerResults,
};

const errorExample = (message: string, code: z.infer<typeof S.ErrorCode>) => ({ error: { code, message } });

function errorResponse(description: string, code: z.infer<typeof S.ErrorCode>, message: string) {
  return { description, content: { "application/json": { schema: S.ApiErrorSchema, example: errorExample(message, code) } } };
}

const COMMON_HEADERS = z.object({
  ETag: z.string().openapi({ description: "Thẻ phiên bản (yếu) của nội dung; gửi lại trong If-None-Match để nhận 304." }),
  "Cache-Control": z.string(),
  "RateLimit-Limit": z.string().openapi({ description: "Số yêu cầu được phép mỗi phút từ một địa chỉ." }),
  "RateLimit-Remaining": z.string(),
});

interface Op {
  id: OperationId;
  path: string;
  summary: string;
  description: string;
  tag: string;
  query?: z.AnyZodObject;
  params?: z.AnyZodObject;
  token?: boolean;
  notFound?: string;
  conflict?: string;
}

export const OPERATIONS: Op[] = [
  {
    id: "listProducts",
    path: "/api/v1/products",
    tag: "Sản phẩm",
    summary: "Tìm sản phẩm được công nhận",
    description: "Các sản phẩm có giấy chứng nhận thuộc kỳ bình chọn đã công bố, cùng bộ lọc và thứ tự với trang Tra cứu; mỗi sản phẩm một mục, kèm các lần được công nhận.",
    query: S.ProductsQuery,
  },
  {
    id: "getProduct",
    path: "/api/v1/products/{id}",
    tag: "Sản phẩm",
    summary: "Một sản phẩm",
    description: "Thông tin công khai của một sản phẩm có giấy chứng nhận đã công bố.",
    params: S.IdParams,
    notFound: "Không tìm thấy sản phẩm này, hoặc sản phẩm chưa có giấy chứng nhận được công bố.",
  },
  {
    id: "verifyCertificate",
    path: "/api/v1/certificates/verify",
    tag: "Giấy chứng nhận",
    summary: "Xác thực giấy chứng nhận",
    description: "Theo số giấy chứng nhận (number) hoặc mã xác thực trong mã QR (code), đúng một trong hai. Trả về đúng những gì in trên giấy và trạng thái hiện tại (còn hiệu lực, hết hiệu lực, đã thu hồi). Không lưu đệm: luôn là trạng thái mới nhất.",
    query: S.VerifyQuery,
    notFound: "Không tìm thấy giấy chứng nhận này trong các kết quả đã công bố. Hãy kiểm tra lại số hoặc mã.",
  },
  {
    id: "listRounds",
    path: "/api/v1/rounds",
    tag: "Kỳ bình chọn",
    summary: "Các kỳ bình chọn đã công bố kết quả",
    description: "Mới nhất trước (năm, ngày công bố).",
    query: S.RoundsQuery,
  },
  {
    id: "getRoundResults",
    path: "/api/v1/rounds/{id}",
    tag: "Kỳ bình chọn",
    summary: "Kết quả một kỳ bình chọn đã công bố",
    description: "Quyết định công nhận và danh sách sản phẩm được công nhận (kể cả sản phẩm chưa được cấp giấy chứng nhận).",
    params: S.IdParams,
    notFound: "Không tìm thấy kết quả của kỳ bình chọn này. Kết quả chỉ có sau khi được công bố.",
  },
  {
    id: "listUnits",
    path: "/api/v1/units",
    tag: "Đơn vị hành chính",
    summary: "Đơn vị hành chính",
    description: "Các tỉnh, thành phố (không có parentId) hoặc các đơn vị trực thuộc một đơn vị, có hiệu lực vào ngày cho trước.",
    query: S.UnitsQuery,
    notFound: "Không tìm thấy đơn vị hành chính này.",
  },
  {
    id: "listOrganizerRounds",
    path: "/api/v1/organizer/rounds",
    tag: "Cơ quan tổ chức (mã truy cập)",
    summary: "Các kỳ bình chọn của cơ quan",
    description: "Các kỳ bình chọn mà cơ quan sở hữu mã truy cập quản lý, ở mọi trạng thái.",
    token: true,
  },
  {
    id: "listOrganizerEntries",
    path: "/api/v1/organizer/rounds/{id}/entries",
    tag: "Cơ quan tổ chức (mã truy cập)",
    summary: "Hồ sơ dự thi của một kỳ",
    description: "Các hồ sơ đã nộp (không có bản nháp của cơ sở), như hàng đợi tiếp nhận. Kỳ của cơ quan khác: 404.",
    params: S.IdParams,
    query: S.EntriesQuery,
    token: true,
    notFound: "Không tìm thấy kỳ bình chọn này trong phạm vi của cơ quan bạn.",
  },
  {
    id: "getOrganizerResults",
    path: "/api/v1/organizer/rounds/{id}/results",
    tag: "Cơ quan tổ chức (mã truy cập)",
    summary: "Kết quả chấm điểm của một kỳ",
    description: "Kết quả một vòng chấm đã khóa: điểm trung bình (chính xác, từ điểm nguyên), xếp hạng, đề nghị, biểu quyết của Hội đồng. Trước khi khóa vòng chấm: 409. Kỳ của cơ quan khác: 404.",
    params: S.IdParams,
    query: S.ResultsQuery,
    token: true,
    notFound: "Không tìm thấy kỳ bình chọn này trong phạm vi của cơ quan bạn.",
    conflict: "Chưa khóa vòng chấm: chưa thể xuất điểm.",
  },
];

function routeOf(op: Op): RouteConfig {
  const responses: RouteConfig["responses"] = {
    200: {
      description: "Thành công.",
      headers: COMMON_HEADERS,
      content: { "application/json": { schema: RESPONSE_SCHEMAS[op.id], example: EXAMPLES[op.id] } },
    },
    304: { description: "Không đổi so với phiên bản trong If-None-Match." },
  };
  if (op.query) responses[400] = errorResponse("Tham số không hợp lệ.", "bad_request", "Tham số pageSize không hợp lệ: tối đa 100.");
  if (op.token) responses[401] = errorResponse("Thiếu mã truy cập, mã sai hoặc đã bị thu hồi.", "unauthorized", "Thiếu hoặc sai mã truy cập.");
  if (op.notFound) responses[404] = errorResponse("Không tìm thấy.", "not_found", op.notFound);
  if (op.conflict) responses[409] = errorResponse("Chưa thể trả lời ở trạng thái hiện tại.", "conflict", op.conflict);
  responses[429] = {
    ...errorResponse("Quá nhiều yêu cầu từ địa chỉ này.", "rate_limited", "Quá nhiều yêu cầu từ địa chỉ của bạn (tối đa 120 yêu cầu mỗi phút). Vui lòng thử lại sau 12 giây."),
    headers: z.object({ "Retry-After": z.string().openapi({ description: "Số giây cần chờ." }) }),
  };
  return {
    method: "get",
    path: op.path,
    operationId: op.id,
    summary: op.summary,
    description: op.description,
    tags: [op.tag],
    ...(op.token ? { security: [{ organizerToken: [] }] } : {}),
    request: { ...(op.params ? { params: op.params } : {}), ...(op.query ? { query: op.query } : {}) },
    responses,
  };
}

let cached: ReturnType<OpenApiGeneratorV31["generateDocument"]> | undefined;

/** The OpenAPI 3.1 document (built once per process). */
export function openApiDocument() {
  if (cached) return cached;
  const registry = new OpenAPIRegistry();
  registry.registerComponent("securitySchemes", "organizerToken", {
    type: "http",
    scheme: "bearer",
    description: "Mã truy cập do cán bộ cơ quan tổ chức tạo tại Tổ chức → Mã truy cập API; chỉ đọc, trong phạm vi của cơ quan.",
  });
  for (const op of OPERATIONS) registry.registerPath(routeOf(op));
  const generator = new OpenApiGeneratorV31(registry.definitions);
  cached = generator.generateDocument({
    openapi: "3.1.0",
    info: {
      title: "API mở: Bình chọn sản phẩm công nghiệp nông thôn tiêu biểu",
      version: "1.0.0",
      description:
        "API chỉ đọc: sản phẩm được công nhận, xác thực giấy chứng nhận, kết quả đã công bố, đơn vị hành chính; và cho cơ quan tổ chức (mã truy cập), hồ sơ và kết quả các kỳ của mình. Tên trường bằng tiếng Anh, ổn định trong phiên bản v1; thông báo lỗi bằng tiếng Việt. Mỗi địa chỉ được một số yêu cầu mỗi phút (429 và Retry-After khi vượt). Có ETag (If-None-Match → 304) và CORS cho GET.",
    },
    servers: [{ url: "/" }],
  });
  return cached;
}
