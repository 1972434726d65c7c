"""Each code's own exception class, one module per family (or per table, for codes without one).

`xt_errors` imports a module the first time one of its classes is asked for
(see `xt_errors._lookup`); import the classes from `xt_errors`, never from here.
"""
