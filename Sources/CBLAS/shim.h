#include <cblas.h>
/* Declared by OpenBLAS but not in every cblas.h: the kernel family picked at start-up. */
char *openblas_get_corename(void);
