"""Everything Qt: main window (wiring only), one package per tab, shared widgets."""
