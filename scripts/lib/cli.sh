# Sourced by scripts/*.sh: their command-line habits in one place. A usage error is one line
# on stderr and exit 2, with "did you mean" when a known flag is close (at most two edits),
# so the shell scripts answer wrong input the way the TypeScript CLIs do.
# The caller sets `program` (e.g. program=build.sh) before sourcing.

# usage_error MESSAGE: print it and exit 2.
usage_error() {
  echo "$program: $1" >&2
  echo "Run with --help for usage." >&2
  exit 2
}

# need_value "$@": inside the option loop, checks that the flag in $1 has a value in $2.
need_value() {
  if [[ $# -lt 2 || -z "$2" || "$2" == --* ]]; then usage_error "flag $1 needs a value"; fi
}

# edit_distance A B: Levenshtein distance (insert, delete, substitute).
edit_distance() {
  local a="$1" b="$2" i j cost
  local -a previous current
  for ((j = 0; j <= ${#b}; j++)); do previous[j]=$j; done
  for ((i = 1; i <= ${#a}; i++)); do
    current=("$i")
    for ((j = 1; j <= ${#b}; j++)); do
      cost=1
      [[ "${a:i-1:1}" == "${b:j-1:1}" ]] && cost=0
      local best=$((previous[j] + 1))
      ((current[j - 1] + 1 < best)) && best=$((current[j - 1] + 1))
      ((previous[j - 1] + cost < best)) && best=$((previous[j - 1] + cost))
      current[j]=$best
    done
    previous=("${current[@]}")
  done
  echo "${previous[${#b}]}"
}

# unknown_flag ARG KNOWN_FLAG...: a usage error naming ARG and the closest known flag.
unknown_flag() {
  local argument="${1%%=*}" flag distance best="" best_distance=3
  shift
  for flag in "$@"; do
    distance="$(edit_distance "$argument" "$flag")"
    if ((distance < best_distance)); then best="$flag"; best_distance=$distance; fi
  done
  if [[ "$argument" != -* ]]; then usage_error "unexpected argument: $argument"; fi
  usage_error "unknown flag $argument${best:+ (did you mean $best?)}"
}
