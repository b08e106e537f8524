# comment
## group
### resource
msg =
    multi
    line
  { "\u0041\U01F600" }
