"""``njit``: numba's ``njit`` with the one default every kernel here shares.

Holds ``njit``. numba builds two wrappers around each compiled function: one that Python
calls (it unboxes the arguments) and a C-callable one, used only when a function is
passed as a C function pointer (``cfunc``, first-class function values). No kernel is
ever used that way, and the C wrapper is typed, lowered, optimised and compiled to
machine code for each of the model's ~110 compilations: about 1.5 s of a cold start
(18 s). ``njit`` here turns it off (``no_cfunc_wrapper``); everything else is numba's
own, so ``@njit(cache=True)`` reads and behaves as numba's documented decorator.
"""

import numba


def njit(*args, **options):
    """``numba.njit`` without the C-callable wrapper (same forms: bare, signature, options)."""
    options.setdefault("no_cfunc_wrapper", True)
    return numba.njit(*args, **options)
