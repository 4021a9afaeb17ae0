/** Pure wording of a model's cost and quality for the model cards. */

/** Relative speed from compute per image: "Fastest" … "Slow" (null when unknown). */
export function speedLabel(gflops: number | null): string {
  if (gflops === null) return 'Speed unknown';
  if (gflops < 10) return 'Fastest';
  if (gflops < 40) return 'Fast';
  if (gflops < 120) return 'Moderate';
  return 'Slow';
}

/** Quality in words from zero-shot ImageNet accuracy (0..1 or 0..100). */
export function qualityLabel(imagenet: number | null): string {
  if (imagenet === null) return 'Quality unknown';
  const pct = imagenet <= 1 ? imagenet * 100 : imagenet;
  const words = pct >= 80 ? 'Excellent' : pct >= 75 ? 'Very good' : pct >= 70 ? 'Good' : 'Basic';
  return `${words} (${pct.toFixed(1)}% ImageNet zero-shot)`;
}
