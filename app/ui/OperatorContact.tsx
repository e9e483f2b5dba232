import { useRouteLoaderData } from "@remix-run/react";
import { usePageT } from "~/i18n/pages";
import type { OperatorDetails } from "~/modules/site/site";

/** The operator's contact details from the root loader (set by the administrator). */
export function useOperator(): OperatorDetails | null {
  return (useRouteLoaderData("root") as { operator?: OperatorDetails | null } | undefined)?.operator ?? null;
}

export function OperatorContact() {
  const o = useOperator();
  const pt = usePageT();
  if (!o) return <p className="alert info">{pt("operator.unset")}</p>;
  return (
    <dl className="facts">
      <dt>{pt("operator.authority")}</dt>
      <dd>{o.authority}</dd>
      <dt>{pt("operator.operator")}</dt>
      <dd>{o.operator}</dd>
      <dt>{pt("operator.address")}</dt>
      <dd>{o.address}</dd>
      <dt>{pt("operator.hotline")}</dt>
      <dd>
        <a href={`tel:${o.hotline.replace(/[^0-9+]/g, "")}`}>{o.hotline}</a>
      </dd>
      <dt>{pt("operator.email")}</dt>
      <dd>
        <a href={`mailto:${o.email}`}>{o.email}</a>
      </dd>
      <dt>{pt("operator.responsible")}</dt>
      <dd>{o.responsible}</dd>
    </dl>
  );
}
