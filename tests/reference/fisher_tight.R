# Sourced by the reference generators (run from the repository root):
# fisher.test's own algorithm (conditional MLE; exact CI by inverting the noncentral
# hypergeometric) with uniroot at tol = 1e-14; fisher.test itself uses tol = eps^0.25
fisher_tight <- function(m, conf = 0.95, alternative = "two.sided") {
  mm <- sum(m[, 1]); n <- sum(m[, 2]); k <- sum(m[1, ]); x <- m[1, 1]
  support <- max(0, k - n):min(k, mm)
  logdc <- dhyper(support, mm, n, k, log = TRUE)
  dnhyper <- function(ncp) { d <- logdc + log(ncp) * support; d <- exp(d - max(d)); d / sum(d) }
  mnhyper <- function(ncp) sum(support * dnhyper(ncp))
  pnhyper <- function(q, ncp, upper = FALSE) {
    if (upper) sum(dnhyper(ncp)[support >= q]) else sum(dnhyper(ncp)[support <= q]) }
  mle <- if (x == min(support)) 0 else if (x == max(support)) Inf else {
    mu <- mnhyper(1)
    if (mu > x) uniroot(function(t) mnhyper(t) - x, c(1e-300, 1), tol = 1e-14)$root
    else 1 / uniroot(function(t) mnhyper(1 / t) - x, c(.Machine$double.eps, 1), tol = 1e-14)$root }
  alpha <- if (alternative == "two.sided") (1 - conf) / 2 else 1 - conf
  ncp.U <- function() { if (x == max(support)) return(Inf); p <- pnhyper(x, 1)
    if (p < alpha) uniroot(function(t) pnhyper(x, t) - alpha, c(1e-300, 1), tol = 1e-14)$root
    else if (p > alpha) 1 / uniroot(function(t) pnhyper(x, 1 / t) - alpha, c(.Machine$double.eps, 1), tol = 1e-14)$root else 1 }
  ncp.L <- function() { if (x == min(support)) return(0); p <- pnhyper(x, 1, upper = TRUE)
    if (p > alpha) uniroot(function(t) pnhyper(x, t, upper = TRUE) - alpha, c(1e-300, 1), tol = 1e-14)$root
    else if (p < alpha) 1 / uniroot(function(t) pnhyper(x, 1 / t, upper = TRUE) - alpha, c(.Machine$double.eps, 1), tol = 1e-14)$root else 1 }
  c(mle, if (alternative == "less") 0 else ncp.L(), if (alternative == "greater") Inf else ncp.U())
}
