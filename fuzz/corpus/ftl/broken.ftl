a = A

broken line here
c = { $n ->
  [one] x
}
d = { NUMBER($n, minimumFractionDigits: 2) }
e = { "literal" } { 5 }
