/*
 * Grows Tend's descriptor table before the .NET runtime starts its threads.
 *
 * Why: a process's descriptor table starts with room for 64 and the kernel grows it on demand
 * (to 128, 256, ...). Growing a table that several threads share (Tend always has a few) waits
 * for an RCU grace period before the old table may go (fs/file.c, expand_fdtable): measured at
 * 10 to 13 ms on a 2-core host busy with the programs being started, and paid by the supervisor
 * thread in the middle of a start, when two pipes per program cross 64 descriptors (about 25
 * programs) and again at 128. Before the first thread exists the same growth costs microseconds,
 * so it is done here, once: a copy of a standard descriptor placed at the top of the wanted size
 * and closed again (the table keeps its size). Programs are not affected: a spawned child's table
 * is sized by the descriptors actually open, not by the parent's room, and so is the table a
 * threaded process (the exec helper, with-contenv) hands over at exec (DescriptorTableTests).
 *
 * 1024 slots hold 8 KiB of pointers: room for about 500 programs with their two pipes each. A
 * lower RLIMIT_NOFILE caps it, as it caps what Tend may open anyway.
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <sys/resource.h>
#include <unistd.h>

#define WANTED_SLOTS 1024

__attribute__((constructor(102))) static void tend_grow_descriptor_table(void)
{
    struct rlimit limit;
    int top = WANTED_SLOTS - 1;
    if (getrlimit(RLIMIT_NOFILE, &limit) == 0 && limit.rlim_cur != RLIM_INFINITY && limit.rlim_cur < WANTED_SLOTS)
        top = (int)limit.rlim_cur - 1;
    if (top < 64)
        return; /* the table's first 64 slots need no growing */

    int copy = -1;
    for (int fd = 0; fd <= 2 && copy < 0; fd++)
        copy = fcntl(fd, F_DUPFD_CLOEXEC, top);
    if (copy < 0)
    {
        /* All three standard descriptors closed: any descriptor will do. */
        int any = open("/", O_PATH | O_CLOEXEC);
        if (any < 0)
            return;
        copy = fcntl(any, F_DUPFD_CLOEXEC, top);
        close(any);
    }
    if (copy >= 0)
        close(copy);
}
