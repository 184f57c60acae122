# Reference values for test/unit/stats: run from the repository root with
#   Rscript test/unit/stats/reference/make-expected.R
# It rewrites test/unit/stats/reference/expected.json. Every number in that file comes from a call
# below, so this script is the record of how each expected value was produced.
# Produced with R 4.2.2 (Debian r-base-core); only base R and stats are used.

tables <- list(
  # name, events and n in the treatment arm (a / n1), then the control arm (c / n2)
  list(name = "zero events in treatment", a = 0, n1 = 10, c = 5, n2 = 10),
  list(name = "zero events in both arms", a = 0, n1 = 10, c = 0, n2 = 12),
  list(name = "all events in treatment", a = 10, n1 = 10, c = 3, n2 = 10),
  list(name = "tiny with a zero cell", a = 3, n1 = 5, c = 0, n2 = 4),
  list(name = "pilot-like attrition", a = 30, n1 = 125, c = 39, n2 = 125),
  list(name = "large force-scale", a = 2000, n1 = 6500, c = 1500, n2 = 6400),
  list(name = "one case per arm", a = 1, n1 = 1, c = 0, n2 = 1),
  list(name = "all events in both arms", a = 5, n1 = 5, c = 5, n2 = 5),
  list(name = "no events, equal arms", a = 0, n1 = 20, c = 0, n2 = 20),
  list(name = "identical risks", a = 12, n1 = 40, c = 12, n2 = 40),
  list(name = "Yates capped below 0.5", a = 12, n1 = 40, c = 12, n2 = 41),
  list(name = "small mid", a = 7, n1 = 25, c = 15, n2 = 26),
  list(name = "Newcombe 1998 Table II example", a = 56, n1 = 70, c = 48, n2 = 80),
  list(name = "mid 250 per arm", a = 28, n1 = 250, c = 45, n2 = 250),
  list(name = "mid unequal arms", a = 150, n1 = 400, c = 180, n2 = 410),
  list(name = "rare in treatment", a = 1, n1 = 30, c = 9, n2 = 30),
  list(name = "tiny three per arm", a = 2, n1 = 3, c = 1, n2 = 3),
  list(name = "near-balanced odd sizes", a = 48, n1 = 97, c = 52, n2 = 103),
  list(name = "strong effect small", a = 9, n1 = 11, c = 1, n2 = 12),
  list(name = "thousand per arm", a = 100, n1 = 1000, c = 130, n2 = 1000),
  list(name = "rare outcome pilot size (charge)", a = 5, n1 = 125, c = 3, n2 = 125),
  list(name = "two thousand", a = 500, n1 = 2000, c = 620, n2 = 2100),
  list(name = "symmetric tie", a = 4, n1 = 8, c = 4, n2 = 8),
  list(name = "mirror-image ties", a = 3, n1 = 6, c = 1, n2 = 6)
)

z <- qnorm(0.975)

katz <- function(a, n1, c, n2) {
  # Katz log interval; 0.5 added to all four cells (each n grows by 1) when any cell is zero.
  corrected <- a == 0 || a == n1 || c == 0 || c == n2
  h <- if (corrected) 0.5 else 0
  a <- a + h; c <- c + h; n1 <- n1 + 2 * h; n2 <- n2 + 2 * h
  log_rr <- log((a / n1) / (c / n2))
  se <- sqrt(1 / a - 1 / n1 + 1 / c - 1 / n2)
  list(rr = exp(log_rr), lower = exp(log_rr - z * se), upper = exp(log_rr + z * se), corrected = corrected)
}

wilson <- function(x, n) {
  # prop.test warns "Chi-squared approximation may be incorrect" for small counts; the interval is still the one we want.
  suppressWarnings(prop.test(x, n, correct = FALSE)$conf.int)
}

newcombe <- function(a, n1, c, n2) {
  # Newcombe (1998) method 10: hybrid score interval from the Wilson limits of each proportion.
  p1 <- a / n1; p2 <- c / n2
  w1 <- wilson(a, n1); w2 <- wilson(c, n2)
  d <- p1 - p2
  list(rd = d,
       lower = d - sqrt((p1 - w1[1])^2 + (w2[2] - p2)^2),
       upper = d + sqrt((w1[2] - p1)^2 + (p2 - w2[1])^2))
}

chisq <- function(m, correct) {
  # R gives NaN (with a warning) when an expected count is 0; recorded as null.
  r <- suppressWarnings(chisq.test(m, correct = correct))
  list(statistic = unname(r$statistic), p = r$p.value)
}

table_results <- lapply(tables, function(t) {
  m <- matrix(c(t$a, t$c, t$n1 - t$a, t$n2 - t$c), nrow = 2)  # rows: treatment, control; columns: event, no event
  k <- katz(t$a, t$n1, t$c, t$n2)
  nc <- newcombe(t$a, t$n1, t$c, t$n2)
  plain <- chisq(m, FALSE)
  yates <- chisq(m, TRUE)
  expected <- outer(rowSums(m), colSums(m)) / sum(m)
  list(
    name = t$name, eventsT = t$a, nT = t$n1, eventsC = t$c, nC = t$n2,
    riskTreatment = t$a / t$n1, riskControl = t$c / t$n2,
    rr = k$rr, rrLower = k$lower, rrUpper = k$upper, rrCorrected = k$corrected,
    rd = nc$rd, rdLower = nc$lower, rdUpper = nc$upper,
    fisherP = fisher.test(m)$p.value,
    chiSquare = plain$statistic, chiSquareP = plain$p,
    chiSquareYates = yates$statistic, chiSquareYatesP = yates$p,
    expectedBelow5 = any(expected < 5)
  )
})

power_given_n <- list(
  list(n = 125, p1 = 0.312, p2 = 0.24, alpha = 0.05, strict = FALSE),
  list(n = 250, p1 = 0.3, p2 = 0.22, alpha = 0.05, strict = FALSE),
  list(n = 50, p1 = 0.5, p2 = 0.75, alpha = 0.01, strict = FALSE),
  list(n = 1000, p1 = 0.05, p2 = 0.03, alpha = 0.05, strict = FALSE),
  list(n = 20.5, p1 = 0.2, p2 = 0.6, alpha = 0.05, strict = FALSE),
  list(n = 125, p1 = 0.312, p2 = 0.24, alpha = 0.05, strict = TRUE),
  list(n = 10, p1 = 0.4, p2 = 0.45, alpha = 0.05, strict = TRUE)
)
power_results <- lapply(power_given_n, function(s) {
  r <- power.prop.test(n = s$n, p1 = s$p1, p2 = s$p2, sig.level = s$alpha, strict = s$strict)
  c(s, list(power = r$power))
})

n_given_power <- list(
  list(p1 = 0.312, p2 = 0.24, alpha = 0.05, power = 0.8, strict = FALSE),
  list(p1 = 0.3, p2 = 0.22, alpha = 0.05, power = 0.9, strict = FALSE),
  list(p1 = 0.05, p2 = 0.03, alpha = 0.01, power = 0.8, strict = FALSE),
  list(p1 = 0.5, p2 = 0.6, alpha = 0.05, power = 0.8, strict = FALSE),
  list(p1 = 0.1, p2 = 0.5, alpha = 0.05, power = 0.95, strict = FALSE),
  list(p1 = 0.312, p2 = 0.2434, alpha = 0.05, power = 0.8, strict = TRUE),
  list(p1 = 0.3, p2 = 0.5, alpha = 0.05, power = 0.2, strict = TRUE)
)
sample_size_results <- lapply(n_given_power, function(s) {
  # uniroot's default tolerance (~1.2e-4) is too loose to test against; tol = 1e-12 gives the root to ~1e-12.
  tight <- power.prop.test(p1 = s$p1, p2 = s$p2, sig.level = s$alpha, power = s$power, strict = s$strict, tol = 1e-12)
  loose <- power.prop.test(p1 = s$p1, p2 = s$p2, sig.level = s$alpha, power = s$power, strict = s$strict)
  c(s, list(nPerArm = tight$n, nPerArmCeiling = ceiling(tight$n), nPerArmDefaultTolerance = loose$n))
})

quantile_ps <- c(1e-300, 1e-20, 1e-12, 1e-6, 0.001, 0.025, 0.07, 0.075, 0.1, 0.3, 0.5, 0.6, 0.925, 0.93, 0.975, 0.999, 1 - 1e-9)
# Below about −37.5 R flushes the (subnormal) result to 0, so the list stops at −37.
cdf_xs <- c(-37, -30, -12, -8, -5.657, -5, -3, -1.959963984540054, -0.66291, -0.5, 0, 1e-10, 0.3, 0.66292, 1, 2.5, 5.66, 7, 9)
chisq_xs <- c(1e-12, 0.001, 0.5, 1, 3.841458820694124, 10, 50, 100, 300, 1000)
lgamma_xs <- c(0.5, 1, 1.5, 3.7, 9.99, 10, 10.5, 100.25, 12901, 1e6)

normal <- list(
  qnorm975 = qnorm(0.975),
  quantiles = lapply(quantile_ps, function(p) list(p = p, z = qnorm(p))),
  cdf = lapply(cdf_xs, function(x) list(x = x, p = pnorm(x))),
  chiSquare1Sf = lapply(chisq_xs, function(x) list(x = x, p = pchisq(x, df = 1, lower.tail = FALSE))),
  lgamma = lapply(lgamma_xs, function(x) list(x = x, value = lgamma(x)))
)

to_json <- function(v, indent = "") {
  inner <- paste0(indent, "  ")
  if (is.null(v)) return("null")
  if (is.list(v)) {
    if (!is.null(names(v))) {
      items <- vapply(names(v), function(k) paste0(inner, "\"", k, "\": ", to_json(v[[k]], inner)), "")
      return(paste0("{\n", paste(items, collapse = ",\n"), "\n", indent, "}"))
    }
    items <- vapply(v, function(x) paste0(inner, to_json(x, inner)), "")
    return(paste0("[\n", paste(items, collapse = ",\n"), "\n", indent, "]"))
  }
  if (length(v) != 1) stop("vectors must be wrapped in lists")
  if (is.logical(v)) return(if (v) "true" else "false")
  if (is.character(v)) return(paste0("\"", v, "\""))
  if (is.nan(v) || is.na(v)) return("null")
  sprintf("%.17g", v)
}

out <- list(
  generatedBy = "test/unit/stats/reference/make-expected.R",
  rVersion = R.version.string,
  tables = table_results,
  power = power_results,
  sampleSize = sample_size_results,
  normal = normal
)
writeLines(to_json(out), "test/unit/stats/reference/expected.json")
