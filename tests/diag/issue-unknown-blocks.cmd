issue
