// Package missingwake is a placeholder doc; replaced below.
package missingwake

import "honnef.co/go/tools/analysis/lint"

var doc = &lint.RawDocumentation{Title: "x", Text: "x", Since: "v0.1.0", Severity: lint.SeverityWarning}
