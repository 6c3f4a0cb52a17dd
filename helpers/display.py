"""Show the code of a helper in a notebook, without its docstring."""

from __future__ import annotations

import ast
import inspect
import textwrap
from collections.abc import Callable
from typing import Any


def show_source(*functions: Callable[..., Any]) -> Any:
    """The source of functions, docstrings left out, highlighted for a notebook."""
    from IPython.display import Code

    parts = []
    for function in functions:
        source = textwrap.dedent(inspect.getsource(function))
        lines = source.splitlines()
        for node in ast.walk(ast.parse(source)):
            body = getattr(node, "body", None)
            if isinstance(body, list) and body and isinstance(body[0], ast.Expr) and isinstance(getattr(body[0], "value", None), ast.Constant) and isinstance(body[0].value.value, str):
                for index in range(body[0].lineno - 1, body[0].end_lineno):
                    lines[index] = None
        parts.append("\n".join(line for line in lines if line is not None))
    return Code("\n\n".join(parts), language="python")
