/** Reliability figures for people (results page, xlsx, minutes): shared by server and browser code. */

/** A confidence interval of an ICC (agreement.ts iccIntervals). */
export interface IccIntervalLike {
  lower: number;
  upper: number;
}

/** What the reliability figures mean, in one plain sentence each (page, xlsx, minutes). */
export const ICC_MEANING = {
  single: "ICC(2,1): mức thống nhất giữa hai giám khảo bất kỳ khi chấm cùng một sản phẩm (độ tin cậy của điểm một giám khảo).",
  mean: "ICC(2,k): độ tin cậy của điểm trung bình của k giám khảo — chính điểm dùng để xếp hạng; từ 0,75 trở lên là tốt, dưới 0,5 là kém.",
  consistency: "ICC(3,·) bỏ qua chênh lệch chung giữa giám khảo (người chấm rộng tay, người chấm chặt), chỉ xét thứ tự sản phẩm có giống nhau không.",
  interval: "Khoảng trong ngoặc: khoảng tin cậy 95%; càng ít sản phẩm, khoảng càng rộng.",
} as const;

/** "0,82 (0,61 đến 0,93)": an ICC with its interval, decimal comma; "—" when undefined. */
export function formatIcc(value: number | null | undefined, interval?: IccIntervalLike | null): string {
  if (value == null) return "—";
  const two = (x: number) => x.toFixed(2).replace("-", "−").replace(".", ",");
  return interval ? `${two(value)} (${two(interval.lower)} đến ${two(interval.upper)})` : two(value);
}

