// mimalloc instead of the system allocator: importing a million rows makes some six
// million small allocations on three threads, and loading a large store as many; with
// glibc's malloc the import took 2.7-2.9 s, with mimalloc 2.3-2.6 s. Transparent huge
// pages are off (`no_thp`): with them, page clearing stalls made times swing by 0.5 s.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> std::process::ExitCode {
    sitrep::cli::main()
}
