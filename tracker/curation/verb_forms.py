"""A verb's base form from its -ing form ("sending" → "send", "providing" → "provide", "shipping" → "ship"): what
follows "is considering" or "a possibility of" is a gerund, and a title needs the verb. Pure Python."""

import re

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
        "vote",
        "create",
        "cause",
        "choose",
        "come",  # ("may soon be coming to an end": "com" was drafted)
        "decide",
        "decline",
        "announce",
        "face",
        "force",
        "name",
        "save",
        "serve",
        "complete",
        "change",
        "charge",
        "convene",
        "manage",
        "achieve",
    ]
)
OWN_DOUBLE = ("ll", "ss", "ff", "zz")
_OWN_DOUBLE_VERBS = {"add", "odd", "err", "purr", "ebb", "egg"}  # ("adding" → "add", not "ad")
# Stems that lost an e whatever the verb: "leaving", "organizing", "continuing", "escalating" (not "beating"),
# "choosing" (not "focusing", nor "pressing").
_DROPPED_E = re.compile(r"(?:[vz]|[^aeiou]u|[^eo]at|[aeiou][aeio]s|[^aeiou][aeio]s)$")


# The present tense of a trip or a meeting, which news uses for one planned on a named day ("McCarthy heads to the
# White House today", "Johnson faces a showdown with parliament on Saturday").
_SCHEDULED_VERBS = {"heads": "head", "travels": "travel", "flies": "fly", "goes": "go", "arrives": "arrive",
                    "meets": "meet", "visits": "visit", "leaves": "leave", "returns": "return", "hosts": "host",
                    "faces": "face", "holds": "hold", "takes": "take", "begins": "begin", "starts": "start",
                    "opens": "open", "closes": "close", "resumes": "resume", "convenes": "convene",
                    "expires": "expire", "ends": "end", "happens": "happen",
                    # ("Oasis tickets go on sale … on Saturday": plural, but only in this phrase)
                    "go on sale": "go on sale", "go on general sale": "go on general sale"}  # fmt: skip
SCHEDULED_PRESENT = "(?:" + "|".join(_SCHEDULED_VERBS) + ")"
# A verb of starting or ending, whose date straight after it is the event's ("Pre-orders begin Jan. 19")
STARTS_OR_ENDS = r"(?:begins?|starts?|opens?|closes?|ends?|expires?|resumes?)"


def base_form(predicate: str) -> str:
    """ "sending shells" → "send shells": what follows "is considering" is a gerund; a title needs the verb
    ("heads to Seoul" → "head to Seoul" too)."""
    first, _, rest = predicate.partition(" ")
    if first in _SCHEDULED_VERBS:
        return f"{_SCHEDULED_VERBS[first]} {rest}".strip()
    if not first.endswith("ing") or len(first) < 6:
        return predicate
    stem = first[:-3]
    if stem + "e" in E_VERBS or _DROPPED_E.search(stem):
        stem += "e"
    elif len(stem) > 2 and stem[-1] == stem[-2] and stem[-2:] not in OWN_DOUBLE and stem not in _OWN_DOUBLE_VERBS:
        stem = stem[:-1]  # "shipping" → "ship"
    return f"{stem} {rest}".strip()
