// Prototypes for the two BLAS libraries the GEMM bench links (-lopenblas -lblis).
// Both libraries export cblas_sgemm/sgemm_, so the bench calls OpenBLAS through cblas_sgemm
// (libopenblas is first on the link line and wins the interposition) and BLIS through its
// native typed API bli_sgemm, whose name is BLIS's alone. Only the few entry points used are
// declared: blis.h and OpenBLAS's cblas.h cannot be included together.
#include <stdint.h>

// OpenBLAS (cblas.h): CblasRowMajor = 101, CblasNoTrans = 111, CblasTrans = 112.
void cblas_sgemm(int order, int transA, int transB, int m, int n, int k, float alpha,
                 const float *a, int lda, const float *b, int ldb, float beta, float *c, int ldc);
void openblas_set_num_threads(int n);
int openblas_get_num_threads(void);
char *openblas_get_corename(void);
char *openblas_get_config(void);

// BLIS typed API (blis.h, 64-bit dim_t/inc_t, trans_t BLIS_NO_TRANSPOSE = 0).
void bli_sgemm(int transa, int transb, int64_t m, int64_t n, int64_t k, const float *alpha,
               const float *a, int64_t rsa, int64_t csa, const float *b, int64_t rsb, int64_t csb,
               const float *beta, float *c, int64_t rsc, int64_t csc);
void bli_thread_set_num_threads(int64_t n);
int64_t bli_thread_get_num_threads(void);
void bli_init(void);  // before bli_arch_query_id: with BLIS_ARCH_TYPE set, querying first aborts
int bli_arch_query_id(void);
char *bli_arch_string(int id);
