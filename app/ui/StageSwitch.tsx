import { Link } from "@remix-run/react";

/** Links between the scoring stages of a two-stage round (nothing for a one-stage round). */
export function StageSwitch({ stages, current }: { stages: number; current: number }) {
  if (stages < 2) return null;
  return (
    <nav className="row small" aria-label="Đợt chấm">
      {[1, 2].map((s) =>
        s === current ? (
          <strong key={s}>Đợt chấm {s}</strong>
        ) : (
          <Link key={s} to={`?dot=${s}`}>
            Đợt chấm {s}
          </Link>
        ),
      )}
    </nav>
  );
}
