import { useRouteLoaderData } from "@remix-run/react";
import type { OperatorDetails } from "~/modules/site/site";

/** The operator's contact details from the root loader (set by the administrator). */
export function useOperator(): OperatorDetails | null {
  return (useRouteLoaderData("root") as { operator?: OperatorDetails | null } | undefined)?.operator ?? null;
}

export function OperatorContact() {
  const o = useOperator();
  if (!o) return <p className="alert info">Quản trị hệ thống chưa nhập thông tin cơ quan vận hành.</p>;
  return (
    <dl className="facts">
      <dt>Cơ quan chủ quản</dt>
      <dd>{o.authority}</dd>
      <dt>Đơn vị vận hành</dt>
      <dd>{o.operator}</dd>
      <dt>Địa chỉ</dt>
      <dd>{o.address}</dd>
      <dt>Đường dây nóng</dt>
      <dd>
        <a href={`tel:${o.hotline.replace(/[^0-9+]/g, "")}`}>{o.hotline}</a>
      </dd>
      <dt>Thư điện tử</dt>
      <dd>
        <a href={`mailto:${o.email}`}>{o.email}</a>
      </dd>
      <dt>Chịu trách nhiệm nội dung</dt>
      <dd>{o.responsible}</dd>
    </dl>
  );
}
