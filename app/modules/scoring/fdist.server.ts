/**
 * Quantiles of the F distribution, for the confidence intervals of the ICCs (agreement.ts).
 * jStat (the jstat package) computes them through the inverse regularized incomplete beta
 * function; non-integer degrees of freedom (Satterthwaite's v of McGraw & Wong 1996) are fine.
 */
import jstat from "jstat";

interface JStatF {
  centralF: { inv(p: number, df1: number, df2: number): number };
}

const { centralF } = jstat as unknown as JStatF;

/** The p-quantile of F(df1, df2); NaN when the degrees of freedom are not positive and finite. */
export function fQuantile(p: number, df1: number, df2: number): number {
  if (!(df1 > 0 && df2 > 0 && Number.isFinite(df1) && Number.isFinite(df2) && p > 0 && p < 1)) return Number.NaN;
  return centralF.inv(p, df1, df2);
}
