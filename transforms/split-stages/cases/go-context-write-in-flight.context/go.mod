module github.com/example/hello/v2

go 1.23
