"""值班: the administrative duty roster (roles, pools, shifts, generation, swaps, log).

calendar: the office's calendar entries and the State Council notice parser (notice);
setup: roles, pools, leave, shifts; generate: the roster algorithm (pure);
roster: the month grid, cell changes with conflict checks, counts, swaps, who is on duty;
log: the duty log.
"""
