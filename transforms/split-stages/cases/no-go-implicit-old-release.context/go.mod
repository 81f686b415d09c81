module tool
