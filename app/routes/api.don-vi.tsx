import type { LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { z } from "zod";
import { communeOptions, listProvinces } from "~/modules/units/units.server";

/**
 * Administrative units valid today, for address pickers: provinces, or the children of ?cha=<id>
 * (districts and communes, communes listed under each district for old lists). Public reference
 * data: no login needed.
 */
export async function loader({ request }: LoaderFunctionArgs) {
  const parent = z.coerce.number().int().positive().safeParse(new URL(request.url).searchParams.get("cha"));
  const headers = { "Cache-Control": "public, max-age=3600" };
  if (!parent.success) return json({ units: listProvinces().map((u) => ({ id: u.id, label: `${u.kind} ${u.name}` })) }, { headers });
  return json({ units: communeOptions(parent.data) }, { headers });
}
