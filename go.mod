module github.com/asynclint/asynclint

go 1.26.0

require (
	github.com/BurntSushi/toml v1.6.0
	golang.org/x/tools v0.52.0
	honnef.co/go/tools v0.8.2
)
