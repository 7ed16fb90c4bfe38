//! Encoding a file's commands as one stream, or as several of at most
//! `max` bytes each.
//!
//! Commands go into a chunk until the next one does not fit. The next chunk
//! runs in a fresh store, so if it does not start at a fresh point it first
//! replays (uncounted) the items since the last fresh point that set up or
//! change state: modules, definitions, registrations, and calls that may
//! write. Inside a chunk, a `reset` command goes before each module that
//! starts at a fresh point, so that the store of dead instances is freed.

use mote_spec_stream::{Command, Frame, Header, Writer};

use super::{FileStream, Item};

/// One encoded stream.
pub struct Chunk {
    pub bytes: Vec<u8>,
    /// Directives it counts.
    pub directives: u32,
    /// Commands it replays from earlier chunks.
    pub replayed: usize,
}

/// The file's streams: one, or with `max` as many as needed so that each
/// has at most `max` bytes where possible. Where a directive with the state
/// it needs is larger than `max` (a module over `max` bytes), its chunk is
/// larger, and holds every directive of that state; the caller sees that
/// from the sizes.
pub fn encode(file: &FileStream, max: Option<usize>) -> Vec<Chunk> {
    let limit = max.map(|max| max.saturating_sub(Writer::overhead(&file.key)));
    let mut done: Vec<(Writer, usize)> = Vec::new();
    let mut writer = Writer::new();
    let mut replayed = 0;
    // Start of the current segment (the last fresh point), and whether the
    // chunk so far has counted items, and left anything in the store since
    // its start or last reset.
    let mut segment = 0;
    let mut counted = false;
    let mut dirty = false;
    for (i, item) in file.items.iter().enumerate() {
        if item.fresh {
            segment = i;
        }
        let checkpoint = writer.checkpoint();
        let reset = item.fresh && dirty && starts_state(&item.command);
        if reset {
            writer.frame(&frame(item.line, Command::Reset, false));
        }
        writer.frame(&frame(item.line, item.command.clone(), false));
        if let Some(limit) = limit.filter(|&limit| writer.len() > limit && counted) {
            // Cut before this item if it then fits with the state it needs,
            // or starts a new segment anyway. Otherwise its state alone is
            // over the limit, and the items that need it stay together in
            // this chunk rather than each repeating that state.
            let mut next = Writer::new();
            let mut next_replayed = 0;
            if !item.fresh {
                for earlier in file.items[segment..i].iter().filter(|e| e.replay) {
                    next.frame(&frame(earlier.line, earlier.command.clone(), true));
                    next_replayed += 1;
                }
            }
            next.frame(&frame(item.line, item.command.clone(), false));
            if next.len() <= limit || item.fresh {
                writer.rollback(checkpoint);
                done.push((std::mem::replace(&mut writer, next), replayed));
                replayed = next_replayed;
                dirty = next_replayed > 0;
            } else if reset {
                dirty = false;
            }
        } else if reset {
            dirty = false;
        }
        counted |= item.command.directives() > 0;
        dirty |= item.stateful;
    }
    done.push((writer, replayed));

    let chunks = done.len() as u32;
    done.into_iter()
        .enumerate()
        .map(|(index, (writer, replayed))| {
            let directives = writer.directives();
            let header = Header {
                file: file.key.as_str().into(),
                chunk: index as u32,
                chunks,
                directives,
                instance_slots: file.instance_slots,
                definition_slots: file.definition_slots,
            };
            Chunk {
                bytes: writer.finish(&header),
                directives,
                replayed,
            }
        })
        .collect()
}

fn frame(line: u32, command: Command<'static>, replay: bool) -> Frame<'static> {
    Frame {
        replay,
        line,
        command,
    }
}

/// Commands before which a reset pays: they start building new state.
fn starts_state(command: &Command<'_>) -> bool {
    matches!(
        command,
        Command::Module { .. } | Command::ModuleDefinition { .. }
    )
}

/// Merges runs of host-passed directives into one command.
pub fn merge_host_passed(items: &mut Vec<Item>) {
    let mut merged: Vec<Item> = Vec::with_capacity(items.len());
    for item in items.drain(..) {
        if let (Some(last), Command::HostPassed(n)) = (merged.last_mut(), &item.command)
            && let Command::HostPassed(m) = &mut last.command
        {
            // No state is involved: the merged item keeps the first one's place.
            *m += n;
            continue;
        }
        merged.push(item);
    }
    *items = merged;
}
