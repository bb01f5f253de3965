"""A verb's base form from its -ing form ("sending" → "send", "providing" → "provide", "shipping" → "ship"): what
follows "is considering" or "a possibility of" is a gerund, and a title needs the verb. Pure Python."""

# Verbs whose -ing form drops a final e ("providing"), and doubled consonants that are the verb's own ("selling").
E_VERBS = frozenset(
    [
        "provide",
        "make",
        "take",
        "raise",
        "impose",
        "introduce",
        "increase",
        "reduce",
        "produce",
        "issue",
        "resume",
        "approve",
        "use",
        "continue",
        "close",
        "release",
        "leave",
        "seize",
        "cease",
        "declare",
        "move",
        "give",
        "have",
        "become",
        "receive",
        "pursue",
        "replace",
        "restore",
        "secure",
        "shape",
        "strike",
        "write",
        "rule",
        "state",
        "hope",
        "propose",
        "purchase",
        "finance",
        "balance",
        "deploye",
        "engage",
        "enforce",
        "expose",
        "ease",
        "tie",
        "arrive",
    ]
)
OWN_DOUBLE = ("ll", "ss", "ff", "zz")


def base_form(predicate: str) -> str:
    """ "sending shells" → "send shells": what follows "is considering" is a gerund; a title needs the verb."""
    first, _, rest = predicate.partition(" ")
    if not first.endswith("ing") or len(first) < 6:
        return predicate
    stem = first[:-3]
    if stem + "e" in E_VERBS:
        stem += "e"
    elif len(stem) > 2 and stem[-1] == stem[-2] and stem[-2:] not in OWN_DOUBLE:
        stem = stem[:-1]  # "shipping" → "ship"
    return f"{stem} {rest}".strip()
