"""Statistics of the office's work, for the 图表 tab and the monthly report.

Every figure is one SQL aggregate (GROUP BY on indexed columns); no function here
loads documents into Python. Each returns plain data; a 收文 figure carries the
IncomingFilter that lists exactly the documents it counts (the drill-down), built
from the very filter its SQL was made from, so the register's count equals it.
"""
