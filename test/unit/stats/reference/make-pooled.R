# Reference values for test/unit/stats/pooledTrials.test.ts (trials pooled across BCUs): run from the
# repository root with
#   Rscript test/unit/stats/reference/make-pooled.R
# It rewrites test/unit/stats/reference/pooled.json. Every number in that file comes from a call below.
# Produced with R 4.2.2 and metafor 3.8-1 (Debian r-base-core, r-cran-metafor).
#
# Each case is a list of trials (strata), each trial: SRC events a / SRC cases n1, BAU events c / BAU cases n2.
#   - CMH test and MH common odds ratio with its interval: stats::mantelhaen.test on the 2 x 2 x K array
#     (rows SRC, BAU; columns attrition, none), correct = TRUE and correct = FALSE.
#   - MH risk ratio with the Greenland-Robins interval: metafor::rma.mh(measure = "RR").
#   - Breslow-Day test, plain and with Tarone's correction: metafor::rma.mh(measure = "OR") (BD, TA, k.pos).
#
# Trials with cases in one arm only: the product leaves them out. mantelhaen.test is given them anyway
# whenever it accepts them (a stratum of at least 2 cases), to show that they carry no weight there;
# mantelhaen.test refuses strata of 0 or 1 case and K = 1, so such strata are dropped from its array
# ("mh_drop" below), and a single two-arm trial is given a zero-weight one-arm stratum (0/0 v 0/2) so
# that R computes the K = 1 figures. metafor is given the two-arm trials only (with a BAU-only trial
# its Breslow-Day sum is NaN, 0 × Inf).

library(metafor)

cases <- list(
  list(name = "K = 2, similar sizes", trials = list(c(10, 50, 15, 50), c(12, 60, 20, 58))),
  list(name = "K = 2, unequal stratum sizes", trials = list(c(30, 125, 39, 125), c(4, 20, 9, 31))),
  list(name = "K = 2, force-scale", trials = list(c(2000, 6500, 1500, 6400), c(800, 3000, 950, 3100))),
  list(name = "K = 12, unequal sizes, one zero cell", trials = list(
    c(30, 125, 39, 125), c(8, 40, 12, 38), c(15, 70, 21, 66), c(3, 22, 7, 25), c(44, 180, 52, 175), c(0, 12, 4, 13),
    c(19, 95, 27, 101), c(11, 51, 10, 49), c(6, 33, 9, 30), c(25, 140, 35, 139), c(2, 9, 3, 11), c(60, 260, 71, 255))),
  list(name = "K = 12, trials disagree", trials = list(
    c(10, 60, 30, 60), c(35, 60, 12, 60), c(8, 50, 20, 52), c(30, 55, 15, 57), c(12, 80, 25, 78), c(20, 40, 10, 41),
    c(5, 45, 18, 44), c(28, 70, 14, 69), c(9, 30, 10, 31), c(40, 100, 22, 98), c(6, 25, 12, 26), c(18, 35, 8, 36))),
  list(name = "zero events in one arm (each way)", trials = list(c(0, 15, 4, 14), c(5, 20, 0, 19), c(7, 30, 11, 29))),
  list(name = "zero events in both arms in one trial", trials = list(c(0, 15, 0, 12), c(6, 40, 11, 42), c(9, 35, 12, 33))),
  list(name = "attrition in every case of one trial", trials = list(c(5, 5, 4, 4), c(6, 40, 11, 42), c(9, 35, 12, 33))),
  list(name = "a trial with one arm only", trials = list(c(0, 0, 3, 5), c(6, 40, 11, 42), c(9, 35, 12, 33), c(4, 6, 0, 0))),
  list(name = "trials of 0 and 1 case (R refuses them)", trials = list(c(0, 0, 0, 0), c(0, 0, 1, 1), c(6, 40, 11, 42), c(9, 35, 12, 33)),
       mh_drop = c(1, 2)),
  list(name = "K = 1, one trial", trials = list(c(30, 125, 39, 125)), mh_pad = TRUE),
  list(name = "K = 1 with a one-arm trial beside it", trials = list(c(30, 125, 39, 125), c(0, 0, 2, 7))),
  list(name = "correction not applied (|O - E| < 0.5)", trials = list(c(12, 40, 12, 41), c(5, 20, 5, 20))),
  list(name = "tiny trials", trials = list(c(1, 2, 0, 2), c(2, 3, 1, 3), c(0, 2, 1, 2), c(1, 1, 1, 2))),
  list(name = "no BAU attrition anywhere", trials = list(c(3, 10, 0, 10), c(2, 12, 0, 11))),
  list(name = "no SRC attrition anywhere", trials = list(c(0, 10, 3, 10), c(0, 12, 2, 11))),
  list(name = "no attrition anywhere", trials = list(c(0, 10, 0, 10), c(0, 12, 0, 11)))
)

finite_or_null <- function(v) if (is.null(v) || length(v) == 0 || !is.finite(v)) NULL else unname(v)

mh_array <- function(trials) {
  array(unlist(lapply(trials, function(t) c(t[1], t[3], t[2] - t[1], t[4] - t[3]))), dim = c(2, 2, length(trials)))
}

results <- lapply(cases, function(case) {
  trials <- case$trials
  mh_trials <- trials
  if (!is.null(case$mh_drop)) mh_trials <- trials[-case$mh_drop]
  if (isTRUE(case$mh_pad)) mh_trials <- c(trials, list(c(0, 0, 0, 2)))
  x <- mh_array(mh_trials)
  # mantelhaen.test warns nothing for these; NaN statistics (no variation) are recorded as null.
  corrected <- mantelhaen.test(x, correct = TRUE)
  uncorrected <- mantelhaen.test(x, correct = FALSE)

  two_arm <- Filter(function(t) t[2] > 0 && t[4] > 0, trials)
  ai <- sapply(two_arm, `[`, 1); n1i <- sapply(two_arm, `[`, 2)
  ci <- sapply(two_arm, `[`, 3); n2i <- sapply(two_arm, `[`, 4)
  # escalc() inside rma.mh warns about (and drops from its own yi/vi) tables with zero cells; the MH figures use every table.
  rr <- suppressWarnings(rma.mh(ai = ai, n1i = n1i, ci = ci, n2i = n2i, measure = "RR"))
  or <- suppressWarnings(rma.mh(ai = ai, n1i = n1i, ci = ci, n2i = n2i, measure = "OR"))

  list(
    name = case$name,
    trials = lapply(trials, function(t) list(eventsT = t[1], nT = t[2], eventsC = t[3], nC = t[4])),
    cmhCorrected = finite_or_null(corrected$statistic),
    cmhCorrectedP = finite_or_null(corrected$p.value),
    cmhCorrectedMethod = corrected$method,
    cmhUncorrected = finite_or_null(uncorrected$statistic),
    cmhUncorrectedP = finite_or_null(uncorrected$p.value),
    orEstimate = finite_or_null(corrected$estimate),
    orLower = finite_or_null(corrected$conf.int[1]),
    orUpper = finite_or_null(corrected$conf.int[2]),
    rrEstimate = finite_or_null(exp(rr$beta)),
    rrLower = finite_or_null(exp(rr$ci.lb)),
    rrUpper = finite_or_null(exp(rr$ci.ub)),
    rrLogSe = finite_or_null(rr$se),
    breslowDay = finite_or_null(or$BD),
    breslowDayP = finite_or_null(or$BDp),
    tarone = finite_or_null(or$TA),
    taroneP = finite_or_null(or$TAp),
    trialsCompared = or$k.pos
  )
})

chisq_points <- list(c(3, 2), c(5.5, 3), c(20, 11), c(0.01, 4), c(150, 7), c(1e-6, 2), c(900, 10), c(33.7, 20), c(2.5, 99))
chisq <- lapply(chisq_points, function(p) list(x = p[1], df = p[2], p = pchisq(p[1], df = p[2], lower.tail = FALSE)))

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
  if (!is.finite(v)) return("null")
  sprintf("%.17g", v)
}

out <- list(
  generatedBy = "test/unit/stats/reference/make-pooled.R",
  rVersion = R.version.string,
  metaforVersion = as.character(packageVersion("metafor")),
  cases = results,
  chiSquareSf = chisq
)
writeLines(to_json(out), "test/unit/stats/reference/pooled.json")
