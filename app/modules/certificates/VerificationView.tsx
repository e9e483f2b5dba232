/** The verification result: a big status banner, then exactly what the certificate says. */
import { Link } from "@remix-run/react";
import { useLocale } from "~/i18n";
import { useLookupT } from "~/i18n/lookup";
import { formatDate } from "~/lib/dates";
import { groupLabel, levelLabel } from "~/ui/labels";
import type { CertificateStatus } from "./certificates";
import type { RoundLevel } from "~db/schema";

export interface VerificationData {
  number: string;
  productName: string;
  producerName: string;
  producerAddress: string;
  groupName: string;
  level: RoundLevel;
  year: number;
  issuedOn: string;
  validUntil: string;
  revokedOn: string | null;
  revokeReason: string | null;
  decisionNumber: string;
  decisionDate: string;
  signerName: string;
  signerTitle: string;
  issuer: string;
  status: CertificateStatus;
  productId: number;
}

export function VerificationView({ v }: { v: VerificationData }) {
  const lt = useLookupT();
  const locale = useLocale();
  const icon = v.status === "valid" ? "✓" : v.status === "expired" ? "!" : "✕";
  return (
    <div className="verify">
      <section className={`verify-status verify-${v.status}`} role="status" data-status={v.status}>
        <span className="verify-icon" aria-hidden="true">
          {icon}
        </span>
        <div>
          <p className="verify-headline">{lt(`verify.${v.status}`)}</p>
          <p className="verify-sub">
            {v.status === "revoked"
              ? lt("verify.revoked.text", { date: formatDate(v.revokedOn), reason: v.revokeReason ?? "—" })
              : lt(v.status === "valid" ? "verify.valid.text" : "verify.expired.text", { date: formatDate(v.validUntil) })}
          </p>
        </div>
      </section>
      <section className="card">
        <h2>{lt("verify.details")}</h2>
        <dl className="facts verify-facts">
          <dt>{lt("verify.number")}</dt>
          <dd>
            <strong>{v.number}</strong>
          </dd>
          <dt>{lt("verify.product")}</dt>
          <dd>
            <strong>{v.productName}</strong> · <Link to={`/san-pham/${v.productId}`}>{lt("verify.productPage")}</Link>
          </dd>
          <dt>{lt("verify.producer")}</dt>
          <dd>{v.producerName}</dd>
          <dt>{lt("verify.address")}</dt>
          <dd>{v.producerAddress}</dd>
          <dt>{lt("verify.group")}</dt>
          <dd>{groupLabel(v.groupName, locale)}</dd>
          <dt>{lt("verify.level")}</dt>
          <dd>{levelLabel(v.level, locale)}</dd>
          <dt>{lt("verify.year")}</dt>
          <dd>{v.year}</dd>
          <dt>{lt("verify.decision")}</dt>
          <dd>{lt("verify.decisionValue", { number: v.decisionNumber, date: formatDate(v.decisionDate) })}</dd>
          <dt>{lt("verify.issuer")}</dt>
          <dd>{v.issuer}</dd>
          <dt>{lt("verify.signer")}</dt>
          <dd>
            {v.signerTitle} {v.signerName}
          </dd>
          <dt>{lt("verify.issuedOn")}</dt>
          <dd>{formatDate(v.issuedOn)}</dd>
          <dt>{lt("verify.validUntil")}</dt>
          <dd>{formatDate(v.validUntil)}</dd>
        </dl>
      </section>
    </div>
  );
}

/** What to do when a certificate cannot be verified (a bad code or number): it may be fake. */
export function FakeCertificateAdvice() {
  const lt = useLookupT();
  return (
    <section className="card" aria-labelledby="fake-title">
      <h2 id="fake-title">{lt("verify.fake.title")}</h2>
      <p>{lt("verify.fake.advice")}</p>
      <p>
        <Link to="/xac-thuc">{lt("verify.fake.byNumber")}</Link> · <Link to="/gioi-thieu">{lt("verify.fake.contact")}</Link>
      </p>
    </section>
  );
}
