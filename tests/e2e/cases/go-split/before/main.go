package main

import (
	"fmt"
	"runtime"
)

func main() {
	fmt.Println("greet built with", runtime.Version()[:6], "for", runtime.GOOS)
}
