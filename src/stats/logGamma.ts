const HALF_LOG_TWO_PI = 0.91893853320467274178032973640562;

/**
 * ln Γ(x) for x > 0. For x ≥ 10 the Stirling series with seven correction terms is accurate to
 * ~1e-17 relative in the correction (the next term is < 3e-17 at x = 10); smaller x are shifted up
 * with Γ(x) = Γ(x + k)/(x(x+1)…(x+k−1)). Accuracy is then limited only by rounding of the result,
 * which is what Fisher's exact test needs when it subtracts log-factorials of counts in the thousands.
 */
export function logGamma(x: number): number {
  if (!(x > 0)) return Number.NaN;
  let shift = 0;
  let product = 1;
  let z = x;
  while (z < 10) {
    product *= z;
    z += 1;
    shift += 1;
  }
  const inverse = 1 / z;
  const inverseSquare = inverse * inverse;
  const series =
    inverse *
    (1 / 12 +
      inverseSquare *
        (-1 / 360 +
          inverseSquare *
            (1 / 1260 +
              inverseSquare *
                (-1 / 1680 + inverseSquare * (1 / 1188 + inverseSquare * (-691 / 360360 + inverseSquare / 156))))));
  const stirling = (z - 0.5) * Math.log(z) - z + HALF_LOG_TWO_PI + series;
  return shift === 0 ? stirling : stirling - Math.log(product);
}

/** ln n! for a whole number n ≥ 0. */
export function logFactorial(n: number): number {
  return logGamma(n + 1);
}
