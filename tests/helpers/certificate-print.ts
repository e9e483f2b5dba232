import type { CertificatePrint } from "~/modules/certificates/certificate-pdf.mjs";

/** A provincial certificate with the stacked tone marks Vietnamese needs (tests of the PDF layout). */
export const SAMPLE_PRINT: CertificatePrint = {
  number: "12/GCN-TINH-2026",
  productName: "Bình gốm men da lươn Phù Lãng",
  producerName: "Hợp tác xã Gốm Phù Lãng",
  producerAddress: "Thôn Phù Lãng, Xã Phù Lãng, Tỉnh Bắc Ninh",
  productGroupName: "Thủ công mỹ nghệ",
  level: "province",
  year: 2026,
  issuer: "Ủy ban nhân dân tỉnh Bắc Ninh",
  decisionNumber: "15/QĐ-UBND",
  decisionDate: "2026-01-10",
  signerName: "Nguyễn Văn Thắng",
  signerTitle: "Phó Chủ tịch UBND tỉnh",
  issuedOn: "2026-02-01",
  validUntil: "2029-02-01",
  verifyUrl: "https://example.invalid/xac-thuc/ABCD1234",
};
