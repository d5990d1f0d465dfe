"""Short explanations of each method, for students: what it is, when it is right, what it
assumes, and a reference. Used by the pages' help expanders and by the report's methods text."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Method:
    name: str
    what: str
    when: str
    assumes: str
    reference: str

    @property
    def question(self) -> str:
        """"What is an equivalence test (TOST)?" (the help expander's label)."""
        title = TITLES.get(self.name, self.name)
        verb = "are" if title.startswith("the ") and title.endswith("checks") else "is"
        return f"What {verb} {title}?"

    def markdown(self) -> str:
        return (f"**What it is.** {self.what}\n\n**When it is right.** {self.when}\n\n"
                f"**What it assumes.** {self.assumes}\n\n*Reference:* {self.reference}")


METHODS = {
    "welch": Method(
        "Welch's t-test",
        "Compares the mean of two groups, dividing the difference by a standard error that lets "
        "each group have its own variance.",
        "The default for comparing two means: it loses almost nothing when variances are equal "
        "and stays correct when they are not, so it is not chosen by a variance pre-test.",
        "Independent clients; means that are roughly normal, which holds for moderate group sizes "
        "(about 30 or more per group) even when the scores are skewed.",
        "Delacre, Lakens & Leys (2017), International Review of Social Psychology 30(1)."),
    "student": Method(
        "Student's t-test",
        "The classic two-group t-test, pooling the two variances into one.",
        "Only shown for comparison with older reports; it is wrong when the group variances "
        "and sizes differ.",
        "As Welch's t, plus equal variances in the two groups.",
        "Student (1908), Biometrika 6(1)."),
    "mann_whitney": Method(
        "Mann-Whitney U test",
        "Asks whether a client from one group tends to score higher than a client from the other, "
        "using only the order of the scores. The rank-biserial r is the difference between the "
        "share of pairs where A is higher and where B is higher.",
        "Ordinal ratings (Likert items, satisfaction scales with a ceiling) and skewed scores.",
        "Independent clients. It compares whole distributions, not medians.",
        "Kerby (2014), Comprehensive Psychology 3; R's wilcox.test for the exact/approximate "
        "rule."),
    "cohens_d": Method(
        "Cohen's d and Hedges' g",
        "The mean difference in standard-deviation units; g removes d's small-sample bias. The "
        "CI comes from the noncentral t distribution.",
        "To say how large a difference is, whatever the scale; to compare with other studies.",
        "The pooled SD is a fair yardstick for both groups.",
        "Steiger & Fouladi (1997), in Harlow et al., What if there were no significance tests?"),
    "tost": Method(
        "Equivalence test (TOST)",
        "Two one-sided tests ask whether the difference is above the lower bound and below the "
        "upper bound of a margin you set; the groups are equivalent when the 90% CI lies inside.",
        "To claim that online is 'as good as' face-to-face: a non-significant t-test cannot show "
        "that. The margin must be set from what matters in practice, before looking.",
        "As Welch's t.",
        "Lakens (2017), Social Psychological and Personality Science 8(4)."),
    "bayes": Method(
        "JZS Bayes factor",
        "How many times more likely the data are if the groups differ (with a Cauchy prior on the "
        "effect size, scale 0.707) than if they do not. BF01 = 1/BF10 measures support for no "
        "difference.",
        "To weigh evidence for no difference as well as for a difference.",
        "As Student's t; the prior is a default, not a belief about this service.",
        "Rouder, Speckman, Sun, Morey & Iverson (2009), Psychonomic Bulletin & Review 16(2)."),
    "assumptions": Method(
        "Brown-Forsythe and Shapiro-Wilk checks",
        "Brown-Forsythe tests whether the spread differs between groups; Shapiro-Wilk whether a "
        "group's scores look normal.",
        "As descriptions only: they do not choose the test (Welch's t is always primary).",
        "Independent clients. Both flag tiny departures in large samples.",
        "Brown & Forsythe (1974), JASA 69(346); Shapiro & Wilk (1965), Biometrika 52(3/4)."),
    "omnibus": Method(
        "Welch's ANOVA, Kruskal-Wallis and Games-Howell",
        "Tests of more than two groups at once (means; ranks) and pairwise follow-ups that keep "
        "the overall error rate, without assuming equal variances.",
        "When comparing video, chat, phone and face-to-face together.",
        "Independent clients; as Welch's t for the mean-based tests.",
        "Welch (1951), Biometrika 38; Games & Howell (1976), J. Educational Statistics 1(2)."),
    "chi_square": Method(
        "Pearson's chi-square test and Cramér's V",
        "Asks whether the mix of problem types differs between modes; V (0 to 1) says how "
        "strongly. No Yates correction: it is too conservative.",
        "One problem type per client, every client counted once. Expected counts of at least 5 "
        "(otherwise read the Monte Carlo p).",
        "Independent clients.",
        "Agresti (2013), Categorical Data Analysis, 3rd ed.; Cramér (1946)."),
    "residuals": Method(
        "Adjusted standardized residuals",
        "For each cell, how far the count is from what independence would give, in standard "
        "errors; beyond ±1.96 is unusual at the 5% level.",
        "To see which problem types drive a significant chi-square.",
        "As the chi-square test; with many cells some exceed 1.96 by chance.",
        "Haberman (1973), Biometrics 29(1)."),
    "fisher": Method(
        "Fisher's exact test per problem, with Holm's adjustment",
        "For each problem type, compares the share of clients with it in the two modes, giving "
        "an odds ratio with an exact CI; Holm's method adjusts the p-values for testing many "
        "problems.",
        "Always valid for 2x2 tables, including rare problems; the only valid test when clients "
        "can list several problems.",
        "Independent clients.",
        "Holm (1979), Scandinavian Journal of Statistics 6(2)."),
    "subgroups": Method(
        "Within-problem comparisons, interaction and adjusted effect",
        "The mode difference within each problem type; a two-way ANOVA test of whether it varies "
        "by problem; and a regression (OLS with HC3 robust standard errors) that adjusts the mode "
        "difference for covariates.",
        "Because clients choose their mode, a raw difference can come from who chooses it.",
        "Adjustment only removes measured confounding; the model is linear in the covariates.",
        "MacKinnon & White (1985), Journal of Econometrics 29(3)."),
    "adjusted": Method(
        "The adjusted comparison (propensity weighting, clustering, non-response)",
        "A logistic model gives each client's propensity (the probability of their mode given "
        "the covariates). Overlap weights (1 - e for A, e for B) or inverse-probability (ATE) "
        "weights make the groups alike in the covariates; the weighted difference has a "
        "sandwich SE, and the doubly robust estimate adds an outcome regression. Clustering by "
        "counselor or site is allowed for with CR2 cluster-robust errors and Satterthwaite df, "
        "and a random-intercept model. Non-respondents are allowed for by weighting "
        "respondents by 1 / P(responding). The E-value says how strong an unmeasured "
        "confounder would have to be; a proportional-odds model treats ratings as ordered.",
        "Clients choose their mode, so the raw difference mixes the mode with who chooses it; "
        "clients of one counselor are alike; not everyone answers the questionnaire.",
        "Every confounder measured and modelled well enough (no unmeasured confounding); "
        "overlap between the groups; enough clusters for cluster-robust errors (a few dozen; "
        "with fewer, read the Satterthwaite df); responses missing at random given mode and "
        "covariates.",
        "Li, Morgan & Zaslavsky (2018), JASA 113(521); Mao, Li & Greene (2019), Statistical "
        "Methods in Medical Research 28(1); Bell & McCaffrey (2002), Survey Methodology 28(2); "
        "VanderWeele & Ding (2017), Annals of Internal Medicine 167(4); McCullagh (1980), "
        "JRSS B 42(2)."),
    "proportions": Method(
        "Two proportions compared",
        "For a yes/no outcome (completed or dropped out, recovered): each group's share with its "
        "Wilson CI; the risk difference in percentage points (Newcombe's CI), the risk ratio "
        "and the odds ratio; Pearson's chi-square without Yates and Fisher's exact test; the "
        "number needed to treat, 1 / difference, when the difference is clear.",
        "Any yes/no outcome counted once per client. With an expected count under 5 read "
        "Fisher's p and the exact conditional odds ratio.",
        "Independent clients; clients choose their mode, so a difference is an association.",
        "Newcombe (1998), Statistics in Medicine 17(8); Altman (1998), BMJ 317."),
    "periods": Method(
        "Periods compared",
        "Each mode's share of the clients of each period with its Wilson CI, the change in "
        "share between periods (later minus earlier, Newcombe's CI), and the chi-square of mode "
        "by period with Cramér's V.",
        "To see whether the mode mix moved between months, quarters, years or financial years. "
        "With very many clients every change is 'significant': read V and the changes' size.",
        "Clients independent, each counted in one period.",
        "Newcombe (1998), Statistics in Medicine 17(8); Cramér (1946)."),
    "power": Method(
        "Power and sample size",
        "The chance a test detects an effect of a given size, and the clients needed for a "
        "chosen chance.",
        "When planning a study, or judging what an existing data set could have detected.",
        "The planned test's assumptions; the effect size is a choice, not an estimate.",
        "Cohen (1988), Statistical Power Analysis for the Behavioral Sciences, 2nd ed."),
}

#: Names as they read in a question ("What is …?"), where they need an article.
TITLES = {
    "The adjusted comparison (propensity weighting, clustering, non-response)":
        "the adjusted comparison",
    "Equivalence test (TOST)": "an equivalence test (TOST)",
    "Mann-Whitney U test": "the Mann-Whitney U test",
    "JZS Bayes factor": "the JZS Bayes factor",
    "Brown-Forsythe and Shapiro-Wilk checks": "the Brown-Forsythe and Shapiro-Wilk checks",
    "Pearson's chi-square test and Cramér's V": "Pearson's chi-square test, and Cramér's V",
    "Adjusted standardized residuals": "an adjusted standardized residual",
    "Fisher's exact test per problem, with Holm's adjustment":
        "Fisher's exact test per problem, with Holm's adjustment",
    "Within-problem comparisons, interaction and adjusted effect":
        "a within-problem comparison, an interaction, an adjusted effect",
    "Power and sample size": "power, and how is a sample size planned",
    "Two proportions compared": "a comparison of two proportions",
    "Periods compared": "a comparison of periods",
    "Cohen's d and Hedges' g": "Cohen's d (and Hedges' g)",
    "Welch's ANOVA, Kruskal-Wallis and Games-Howell":
        "Welch's ANOVA (with Kruskal-Wallis and Games-Howell)",
}
