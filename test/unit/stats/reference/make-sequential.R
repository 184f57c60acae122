# Reference values for test/unit/stats/sequential: run from the repository root with
#   Rscript test/unit/stats/reference/make-sequential.R
# It rewrites test/unit/stats/reference/sequential.json. Every number in that file comes from a call below.
# Produced with R 4.2.2 (Debian r-base-core), rpact and mvtnorm from Debian (r-cran-rpact, r-cran-mvtnorm);
# the versions are recorded in the JSON.
#
# Three sources, as issue #20 asks:
#  - rpact::getDesignGroupSequential(sided = 2, typeOfDesign = "asOF" | "asP" | "asKD" | "asHSD") where rpact is
#    accurate: looks at least 0.05 apart in information and every boundary below 7.5 (rpact prints Inf from 7.5).
#    A final look below or above the planned information is rpact's typeOfDesign = "asUser", the fractions
#    rescaled to end at 1 and the last cumulative alpha set to alpha.
#  - elsewhere (close looks, boundaries of 7.5 or more) the recursion of Jennison & Turnbull ch. 19 written out
#    below in plain R on a far finer grid than rpact's (step at most 0.002 and 1/40 of each kernel's width,
#    densities on the log scale), solved with uniroot on the log scale; and, as a check on that,
#    mvtnorm::pmvnorm (Miwa algorithm, 512 steps: within 1e-11 of its 4097-step maximum here) for the
#    probability each boundary of looks 1 to 6 is meant to leave in, where the boundary is below 6 (Miwa's cost
#    doubles with each two-sided look before).
#  - z, repeated confidence intervals: the formulas in R; stage-wise adjusted p-values: mvtnorm::pmvnorm.

suppressPackageStartupMessages({
  library(rpact)
  library(mvtnorm)
  library(jsonlite)
})

# ---- Spending functions: one side, level alpha/2 (rpact's convention for sided = 2) -------------------------
log_spent_per_side <- function(alpha, spending, gamma, t) {
  if (t >= 1) return(log(alpha / 2))
  switch(spending,
    "obrien-fleming" = log(2) + pnorm(qnorm(1 - alpha / 4) / sqrt(t), lower.tail = FALSE, log.p = TRUE),
    "pocock" = log(alpha / 2) + log(log(1 + (exp(1) - 1) * t)),
    "kim-demets" = log(alpha / 2) + gamma * log(t),
    "hwang-shih-decani" = log(alpha / 2) + (if (gamma == 0) log(t) else log((1 - exp(-gamma * t)) / (1 - exp(-gamma))))
  )
}

log_increments <- function(alpha, spending, gamma, fractions, final) {
  k_max <- length(fractions)
  logs <- sapply(seq_len(k_max), function(k) {
    if (final && k == k_max) log(alpha / 2) else log_spent_per_side(alpha, spending, gamma, fractions[k])
  })
  increments <- logs
  if (k_max > 1) for (k in 2:k_max) increments[k] <- logs[k] + log1p(-exp(logs[k - 1] - logs[k]))
  list(cumulative = 2 * exp(logs), log_increments = increments)
}

# ---- rpact ------------------------------------------------------------------------------------------------
rpact_type <- c("obrien-fleming" = "asOF", "pocock" = "asP", "kim-demets" = "asKD", "hwang-shih-decani" = "asHSD")

rpact_design <- function(alpha, spending, gamma, fractions, final) {
  k_max <- length(fractions)
  last <- fractions[k_max]
  if (final && last != 1) {
    # Over- or under-running final analysis: asUser, rates rescaled to end at 1, all the alpha left spent last.
    spent <- log_increments(alpha, spending, gamma, fractions, final)$cumulative
    design <- getDesignGroupSequential(kMax = k_max, alpha = alpha, sided = 2, typeOfDesign = "asUser",
                                       informationRates = fractions / last, userAlphaSpending = spent)
  } else if (k_max == 1) {
    design <- getDesignGroupSequential(kMax = 1, alpha = alpha, sided = 2)
  } else if (is.null(gamma)) {
    design <- getDesignGroupSequential(kMax = k_max, alpha = alpha, sided = 2, typeOfDesign = rpact_type[[spending]],
                                       informationRates = fractions)
  } else {
    design <- getDesignGroupSequential(kMax = k_max, alpha = alpha, sided = 2, typeOfDesign = rpact_type[[spending]],
                                       gammaA = gamma, informationRates = fractions)
  }
  list(critical = design$criticalValues, stageLevel = design$stageLevels, cumulativeAlphaSpent = design$alphaSpent)
}

# ---- The recursion on a fine grid (Jennison & Turnbull ch. 19), plain R -------------------------------------
fine_grid <- function(lim, step) {
  n <- max(2, 2 * ceiling(lim / step))
  h <- 2 * lim / n
  z <- seq(-lim, lim, length.out = n + 1)
  w <- rep(c(2, 4), length.out = n + 1) * h / 3
  w[2 * seq_len(n / 2)] <- 4 * h / 3
  w[c(1, n + 1)] <- h / 3
  list(z = z, w = w)
}

log_sum_exp <- function(x) {
  m <- max(x)
  if (m == -Inf) -Inf else m + log(sum(exp(x - m)))
}

# Densities are carried as logs (a look at 0.1% of the information has a boundary near 71, tail e^-2516). The grid
# of look k covers (-c_k, c_k) as far out as a path can matter: 12 (beyond, phi < 1e-31) or, when a later look's
# boundary is high, that boundary x sqrt(t_k/t_m) plus 15 standard deviations.
fine_design <- function(alpha, spending, gamma, fractions, final) {
  k_max <- length(fractions)
  inc <- log_increments(alpha, spending, gamma, fractions, final)
  marginal <- qnorm(inc$log_increments, lower.tail = FALSE, log.p = TRUE)
  critical <- numeric(k_max)
  critical[1] <- marginal[1]
  grid <- NULL
  for (k in seq_len(k_max)) {
    if (k > 1) {
      t0 <- fractions[k - 1]; t1 <- fractions[k]; d <- t1 - t0
      exit_log <- function(c) {
        log_sum_exp(grid$lwg + pnorm((c * sqrt(t1) - grid$z * sqrt(t0)) / sqrt(d), lower.tail = FALSE, log.p = TRUE))
      }
      critical[k] <- uniroot(function(c) exit_log(c) - inc$log_increments[k], c(0, marginal[k] + 1e-9), tol = 1e-14)$root
    }
    if (k < k_max) {
      # Grid of look k: fine enough for the kernel to the next look and the smoothing from the previous one.
      t1 <- fractions[k]; t2 <- fractions[k + 1]
      widths <- sqrt((t2 - t1) / t1)
      if (k > 1) widths <- c(widths, sqrt((t1 - fractions[k - 1]) / t1))
      later <- (k + 1):k_max
      reach <- max(12, marginal[later] * sqrt(t1 / fractions[later]) + 15 * sqrt(1 - t1 / fractions[later]))
      g <- fine_grid(min(critical[k], reach), min(0.002, min(widths) / 40))
      if (k == 1) {
        ldens <- dnorm(g$z, log = TRUE)
      } else {
        t0 <- fractions[k - 1]; d <- t1 - t0
        # The kernel in u is centred at z*sqrt(t1/t0) with variance s2 = d/t0; times the density (at most phi(u)) the
        # integrand peaks at centre/(1 + s2) with variance s2/(1 + s2). Terms beyond 12 standard deviations of both
        # are below 1e-31 of the largest: skipped.
        s2 <- d / t0
        centre <- g$z * sqrt(t1 / t0)
        peak <- centre / (1 + s2)
        lo <- pmin(centre - 12 * sqrt(s2), peak - 12 * sqrt(s2 / (1 + s2)))
        hi <- pmax(centre + 12 * sqrt(s2), peak + 12 * sqrt(s2 / (1 + s2)))
        from <- findInterval(lo, grid$z) + 1
        to <- findInterval(hi, grid$z)
        ldens <- vapply(seq_along(g$z), function(i) {
          if (to[i] < from[i]) return(-Inf)
          j <- from[i]:to[i]
          log_sum_exp(grid$lwg[j] + dnorm((g$z[i] * sqrt(t1) - grid$z[j] * sqrt(t0)) / sqrt(d), log = TRUE)) + 0.5 * log(t1 / d)
        }, 0)
      }
      grid <- list(z = g$z, lwg = log(g$w) + ldens)
    }
  }
  list(critical = critical, stageLevel = pnorm(critical, lower.tail = FALSE), cumulativeAlphaSpent = inc$cumulative)
}

correlation <- function(fractions) outer(fractions, fractions, function(a, b) sqrt(pmin(a, b) / pmax(a, b)))

# Per-side chance of leaving at look k through c, having stayed inside earlier boundaries (mvtnorm, Miwa).
exit_mvtnorm <- function(fractions, critical, k, c) {
  if (k == 1) return(pnorm(c, lower.tail = FALSE))
  sigma <- correlation(fractions[1:k])
  # Miwa replaces the infinite limit by 1000 and says so; P(Z > 1000) is 0 in double precision.
  as.numeric(suppressWarnings(pmvnorm(lower = c(-critical[1:(k - 1)], c), upper = c(critical[1:(k - 1)], Inf), corr = sigma,
                                      algorithm = Miwa(steps = 512))))
}

# ---- Designs -----------------------------------------------------------------------------------------------
equal <- function(k) seq_len(k) / k
designs <- list(
  list(name = "OF 4 looks unequal (the plan in the issue)", alpha = 0.05, spending = "obrien-fleming", fractions = c(0.2, 0.45, 0.7, 1)),
  list(name = "OF 4 equal looks", alpha = 0.05, spending = "obrien-fleming", fractions = equal(4)),
  list(name = "OF 3 looks alpha 0.01", alpha = 0.01, spending = "obrien-fleming", fractions = c(0.4, 0.75, 1)),
  list(name = "OF weekly looks from week 3 of 12", alpha = 0.05, spending = "obrien-fleming", fractions = c(0.25, equal(12)[4:12])),
  list(name = "Pocock 4 looks unequal", alpha = 0.05, spending = "pocock", fractions = c(0.2, 0.45, 0.7, 1)),
  list(name = "Pocock 20 equal looks", alpha = 0.05, spending = "pocock", fractions = equal(20)),
  list(name = "Pocock alpha 0.1 unequal", alpha = 0.1, spending = "pocock", fractions = c(0.1, 0.3, 0.35, 0.8, 1)),
  list(name = "Kim-DeMets gamma 1", alpha = 0.05, spending = "kim-demets", gamma = 1, fractions = c(0.3, 0.6, 1)),
  list(name = "Kim-DeMets gamma 3 unequal", alpha = 0.05, spending = "kim-demets", gamma = 3, fractions = c(0.25, 0.4, 0.65, 0.9, 1)),
  list(name = "Hwang-Shih-DeCani gamma -4", alpha = 0.05, spending = "hwang-shih-decani", gamma = -4, fractions = equal(4)),
  list(name = "Hwang-Shih-DeCani gamma 1 unequal", alpha = 0.05, spending = "hwang-shih-decani", gamma = 1, fractions = c(0.15, 0.5, 0.55, 1)),
  list(name = "Hwang-Shih-DeCani gamma -2.5", alpha = 0.025, spending = "hwang-shih-decani", gamma = -2.5, fractions = c(0.33, 0.67, 1)),
  list(name = "one look", alpha = 0.05, spending = "obrien-fleming", fractions = c(1)),
  list(name = "over-running final (1.15)", alpha = 0.05, spending = "obrien-fleming", fractions = c(0.3, 0.6, 1.15), final = TRUE),
  list(name = "under-running final (0.9)", alpha = 0.05, spending = "obrien-fleming", fractions = c(0.3, 0.6, 0.9), final = TRUE),
  list(name = "Pocock under-running final (0.8)", alpha = 0.05, spending = "pocock", fractions = c(0.25, 0.5, 0.8), final = TRUE),
  list(name = "interim looks only (no final yet)", alpha = 0.05, spending = "obrien-fleming", fractions = c(0.3, 0.55))
)
fine_designs <- list(
  list(name = "OF 20 equal looks (first boundaries over 7.5)", alpha = 0.05, spending = "obrien-fleming", fractions = equal(20)),
  list(name = "OF first look at 1% (boundary over 20)", alpha = 0.05, spending = "obrien-fleming", fractions = c(0.01, 0.3, 1)),
  list(name = "OF first look at 0.1% (boundary near 71)", alpha = 0.05, spending = "obrien-fleming", fractions = c(0.001, 0.5, 1)),
  list(name = "Pocock looks 0.01 apart", alpha = 0.05, spending = "pocock", fractions = c(0.5, 0.51, 0.52, 0.53, 1)),
  list(name = "Pocock looks 0.001 apart", alpha = 0.05, spending = "pocock", fractions = c(0.5, 0.501, 0.502, 1)),
  list(name = "OF looks 0.01 apart", alpha = 0.05, spending = "obrien-fleming", fractions = c(0.3, 0.31, 0.32, 0.33, 0.6, 0.601, 1)),
  list(name = "Kim-DeMets gamma 1, ten looks 0.001 apart", alpha = 0.05, spending = "kim-demets", gamma = 1, fractions = c(0.5 + (0:9) / 1000, 1)),
  list(name = "Hwang-Shih-DeCani gamma -4, close late looks", alpha = 0.05, spending = "hwang-shih-decani", gamma = -4, fractions = c(0.2, 0.95, 0.96, 1)),
  list(name = "Kim-DeMets gamma 6, boundaries over 7.5", alpha = 0.05, spending = "kim-demets", gamma = 6, fractions = c(0.1, 0.2, 0.5, 1)),
  list(name = "over-running final (1.3) after close looks", alpha = 0.05, spending = "pocock", fractions = c(0.4, 0.41, 1.3), final = TRUE),
  list(name = "OF first five looks 0.001 apart (boundaries 71 to 32)", alpha = 0.05, spending = "obrien-fleming", fractions = c(0.001, 0.002, 0.003, 0.004, 0.005, 0.5, 1)),
  list(name = "OF looks 0.001 apart near 2% (boundaries near 15)", alpha = 0.05, spending = "obrien-fleming", fractions = c(0.02, 0.021, 0.022, 0.5, 1)),
  list(name = "Kim-DeMets gamma 20, close early looks (boundaries near 13.5)", alpha = 0.05, spending = "kim-demets", gamma = 20, fractions = c(0.01, 0.011, 0.012, 0.5, 1))
)

one_design <- function(d, source) {
  message(source, ": ", d$name)
  gamma <- if (is.null(d$gamma)) NULL else d$gamma
  final <- if (is.null(d$final)) d$fractions[length(d$fractions)] >= 1 else d$final
  values <- if (source == "rpact") rpact_design(d$alpha, d$spending, gamma, d$fractions, final)
            else fine_design(d$alpha, d$spending, gamma, d$fractions, final)
  # Check each boundary against mvtnorm where the probability is large enough for it to resolve.
  inc <- log_increments(d$alpha, d$spending, gamma, d$fractions, final)
  check <- sapply(seq_along(d$fractions), function(k) {
    if (values$critical[k] > 6 || k > 6) return(NA)
    exit_mvtnorm(d$fractions, values$critical, k, values$critical[k]) / exp(inc$log_increments[k]) - 1
  })
  c(list(name = d$name, source = source, alpha = d$alpha, spending = d$spending, gamma = gamma,
         fractions = d$fractions, final = final), values,
    list(mvtnormRelativeCheck = check))
}

design_results <- c(lapply(designs, one_design, source = "rpact"), lapply(fine_designs, one_design, source = "fine-grid"))

# The fine-grid recursion against rpact where rpact is accurate: the two references agree.
agreement <- max(unlist(lapply(designs, function(d) {
  gamma <- if (is.null(d$gamma)) NULL else d$gamma
  final <- if (is.null(d$final)) d$fractions[length(d$fractions)] >= 1 else d$final
  abs(rpact_design(d$alpha, d$spending, gamma, d$fractions, final)$critical -
      fine_design(d$alpha, d$spending, gamma, d$fractions, final)$critical)
})))

# rpact where it is not accurate, for the record (the tests do not use these).
rpact_inaccurate <- lapply(fine_designs[c(1, 4, 5)], function(d) {
  gamma <- if (is.null(d$gamma)) NULL else d$gamma
  list(name = d$name, critical = rpact_design(d$alpha, d$spending, gamma, d$fractions, TRUE)$critical)
})

# ---- Looks with data: z, repeated CI, adjusted p --------------------------------------------------------------
monitoring <- list(
  list(name = "crossing at look 3 of the OF plan", design = 1,
       srcEvents = c(10, 25, 40, 55), srcCases = c(40, 90, 140, 200), bauEvents = c(18, 42, 63, 85), bauCases = c(40, 90, 140, 200)),
  list(name = "crossing at look 1 (Pocock): fixed-sample two-sided p", design = 5,
       srcEvents = c(8, 30, 50, 70), srcCases = c(60, 130, 200, 290), bauEvents = c(25, 50, 80, 110), bauCases = c(60, 130, 200, 290)),
  list(name = "zero events in the SRC arm", design = 2,
       srcEvents = c(0, 2, 10, 20), srcCases = c(30, 60, 90, 120), bauEvents = c(4, 9, 15, 22), bauCases = c(31, 59, 92, 118)),
  list(name = "no crossing: final look's adjusted p", design = 2,
       srcEvents = c(20, 41, 60, 83), srcCases = c(50, 100, 150, 200), bauEvents = c(22, 44, 67, 91), bauCases = c(50, 100, 150, 200)),
  list(name = "SRC worse, crossing at the over-running final look", design = 14,
       srcEvents = c(40, 85, 170), srcCases = c(90, 180, 345), bauEvents = c(33, 68, 130), bauCases = c(90, 180, 345)),
  list(name = "weekly looks from week 3 of 12, crossing at look 8", design = 4,
       srcEvents = c(22, 26, 30, 34, 39, 43, 45, 49, 55, 60), srcCases = c(75, 100, 125, 150, 175, 200, 225, 250, 275, 300) / 1,
       bauEvents = c(33, 42, 53, 63, 73, 83, 93, 104, 115, 125), bauCases = c(75, 100, 125, 150, 175, 200, 225, 250, 275, 300))
)

monitoring_results <- lapply(monitoring, function(m) {
  d <- design_results[[m$design]]
  p1 <- m$srcEvents / m$srcCases; p2 <- m$bauEvents / m$bauCases
  pooled <- (m$srcEvents + m$bauEvents) / (m$srcCases + m$bauCases)
  se_pooled <- sqrt(pooled * (1 - pooled) * (1 / m$srcCases + 1 / m$bauCases))
  z <- ifelse(se_pooled == 0, 0, (p1 - p2) / se_pooled)
  se <- sqrt(p1 * (1 - p1) / m$srcCases + p2 * (1 - p2) / m$bauCases)
  crossed <- abs(z) >= d$critical
  first <- which(crossed)[1]
  k_max <- length(d$fractions)
  adjusted <- rep(NA, length(z))
  for (k in seq_along(z)) {
    if (!is.na(first) && k > first) next
    if (!(crossed[k] || (k == k_max && d$final))) next
    spent_before <- if (k == 1) 0 else d$cumulativeAlphaSpent[k - 1]
    adjusted[k] <- min(1, spent_before + 2 * exit_mvtnorm(d$fractions, d$critical, k, abs(z[k])))
  }
  list(name = m$name, design = d$name, srcEvents = m$srcEvents, srcCases = m$srcCases, bauEvents = m$bauEvents,
       bauCases = m$bauCases, z = z, riskDifference = p1 - p2, repeatedCiLower = p1 - p2 - d$critical * se,
       repeatedCiUpper = p1 - p2 + d$critical * se, crossed = crossed, adjustedP = adjusted,
       fixedSampleTwoSidedP = 2 * pnorm(abs(z), lower.tail = FALSE))
})

out <- list(
  generatedBy = "test/unit/stats/reference/make-sequential.R",
  rVersion = R.version.string,
  rpactVersion = as.character(packageVersion("rpact")),
  mvtnormVersion = as.character(packageVersion("mvtnorm")),
  fineGridAgreesWithRpactTo = agreement,
  designs = design_results,
  rpactWhereInaccurate = rpact_inaccurate,
  monitoring = monitoring_results
)
writeLines(toJSON(out, auto_unbox = TRUE, digits = NA, null = "null", na = "null", pretty = TRUE),
           "test/unit/stats/reference/sequential.json")
