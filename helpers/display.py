"""Show code from :mod:`helpers` inside a notebook.

The cells written from scratch live in :mod:`helpers` so that they are unit
tested and reused across chapters; a chapter shows their source with
:func:`show_source` so the reader still studies the real code.

Introduced in chapter 1 (Recurrent neural networks).
"""

from __future__ import annotations

import inspect
from collections.abc import Callable
from typing import Any


def show_source(*functions: Callable[..., Any]) -> Any:
    """Return the source of functions, syntax-highlighted for a notebook.

    Parameters
    ----------
    *functions : callable
        One or more functions or classes defined in Python source.

    Returns
    -------
    IPython.display.Code
        Displays as highlighted Python when it is the last value of a cell.

    Raises
    ------
    TypeError
        If no function is given, or one has no Python source (a builtin).
    """
    from IPython.display import Code

    if not functions:
        raise TypeError("show_source needs at least one function")
    parts = []
    for function in functions:
        try:
            parts.append(inspect.getsource(function))
        except (TypeError, OSError) as error:
            raise TypeError(f"no Python source for {function!r}: {error}") from None
    return Code("\n\n".join(parts), language="python")
