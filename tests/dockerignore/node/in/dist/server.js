server
