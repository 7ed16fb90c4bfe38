//! What a container asks to run, read from its OCI process: the guest's
//! arguments, its environment and the function to call.

/// The guest's side of a container's process.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Invocation {
    /// The guest's `argv`: the module's file name, then the arguments.
    pub argv: Vec<String>,
    /// The guest's environment, in the order the container lists it.
    pub env: Vec<(String, String)>,
    /// The exported function to call (`_start` for a WASI command).
    pub func: String,
}

/// `argv[0]` when the container names no module file (an image whose module
/// is a wasm layer and whose config has no entrypoint).
const UNNAMED: &str = "main";

impl Invocation {
    /// Reads the OCI process: `args` as the runtime spec lists them (the
    /// first names the module, `PATH` or `PATH#FUNC`), `env` as
    /// `NAME=VALUE` entries, `func` the function runwasi read from the
    /// first argument. An entry without `=` names no variable and is left
    /// out (returned, so the caller can log it).
    pub fn from_process(args: &[String], env: &[String], func: &str) -> (Self, Vec<String>) {
        let argv0 = args
            .first()
            .map_or(UNNAMED.to_string(), |a| program_name(a));
        let mut argv = vec![argv0];
        argv.extend(args.iter().skip(1).cloned());
        let mut vars = Vec::with_capacity(env.len());
        let mut skipped = Vec::new();
        for entry in env {
            match entry.split_once('=') {
                Some((name, value)) if !name.is_empty() => {
                    vars.push((name.to_string(), value.to_string()));
                }
                _ => skipped.push(entry.clone()),
            }
        }
        let invocation = Invocation {
            argv,
            env: vars,
            func: func.to_string(),
        };
        (invocation, skipped)
    }
}

/// The guest's `argv[0]` for the process's first argument: the module's
/// file name without any `#FUNC` suffix, as `mote run` passes it (the
/// guest learns the program's name, not where it lies).
fn program_name(arg0: &str) -> String {
    let path = arg0.split_once('#').map_or(arg0, |(path, _)| path);
    match path.rsplit('/').next() {
        Some(name) if !name.is_empty() => name.to_string(),
        _ => UNNAMED.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn strings(v: &[&str]) -> Vec<String> {
        v.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn argv0_is_the_file_name_and_the_arguments_follow_unchanged() {
        let (inv, skipped) = Invocation::from_process(
            &strings(&["/app/args_env.wasm", "one", "two words", ""]),
            &[],
            "_start",
        );
        assert_eq!(
            inv.argv,
            strings(&["args_env.wasm", "one", "two words", ""])
        );
        assert_eq!(inv.func, "_start");
        assert!(skipped.is_empty());
    }

    #[test]
    fn a_function_suffix_is_not_part_of_argv0() {
        let (inv, _) = Invocation::from_process(&strings(&["/m.wasm#run", "x"]), &[], "run");
        assert_eq!(inv.argv, strings(&["m.wasm", "x"]));
        assert_eq!(inv.func, "run");
        let (inv, _) = Invocation::from_process(&strings(&["rel/dir/m.wasm"]), &[], "_start");
        assert_eq!(inv.argv, strings(&["m.wasm"]));
    }

    #[test]
    fn no_module_name_gives_a_placeholder() {
        for args in [strings(&[]), strings(&["#init"]), strings(&["/dir/"])] {
            let (inv, _) = Invocation::from_process(&args, &[], "_start");
            assert_eq!(inv.argv[0], UNNAMED, "{args:?}");
        }
    }

    #[test]
    fn variables_split_at_the_first_equals_sign_and_keep_their_order() {
        let env = strings(&["PATH=/bin", "EMPTY=", "EQ=a=b", "noequals", "=novalue"]);
        let (inv, skipped) = Invocation::from_process(&strings(&["/m.wasm"]), &env, "_start");
        let expected = [("PATH", "/bin"), ("EMPTY", ""), ("EQ", "a=b")];
        let expected: Vec<_> = expected
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        assert_eq!(inv.env, expected);
        assert_eq!(skipped, strings(&["noequals", "=novalue"]));
    }
}
