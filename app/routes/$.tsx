import { notFound } from "~/lib/http.server";

/** Any address no route knows: the plain 404 page. */
export async function loader() {
  notFound();
}
export async function action() {
  notFound();
}

export default function NotFound() {
  return null;
}
