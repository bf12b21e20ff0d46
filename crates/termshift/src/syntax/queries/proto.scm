; proto
