"""值班: the month grid, its dialogs (person chooser, swap, log, pools), the on-duty label."""
