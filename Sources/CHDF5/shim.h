/* The HDF5 C API for Swift (Debian libhdf5-dev, pkg-config hdf5). HDF5 exposes its read-only
 * flag, default property list and native types as macros over library globals, which Swift
 * cannot import: these inline functions return them. */
#ifndef CHDF5_SHIM_H
#define CHDF5_SHIM_H
#include <hdf5.h>

static inline unsigned chdf5_acc_rdonly(void) { return H5F_ACC_RDONLY; }
static inline hid_t chdf5_p_default(void) { return H5P_DEFAULT; }
static inline hid_t chdf5_s_all(void) { return H5S_ALL; }
static inline hid_t chdf5_e_default(void) { return H5E_DEFAULT; }
static inline hid_t chdf5_native_float(void) { return H5T_NATIVE_FLOAT; }
static inline hid_t chdf5_native_double(void) { return H5T_NATIVE_DOUBLE; }
static inline hid_t chdf5_native_int32(void) { return H5T_NATIVE_INT32; }
static inline hid_t chdf5_native_int64(void) { return H5T_NATIVE_INT64; }
static inline hid_t chdf5_native_uint8(void) { return H5T_NATIVE_UINT8; }
static inline hid_t chdf5_c_s1(void) { return H5T_C_S1; }
static inline size_t chdf5_variable(void) { return H5T_VARIABLE; }

/* 1 when the link `name` in `loc` is a hard link, 0 for a soft or external one (which would
 * lead elsewhere, even to other files), negative on error. H5Lget_info is a versioned macro. */
static inline int chdf5_is_hard_link(hid_t loc, const char *name) {
    H5L_info_t info;
    if (H5Lget_info(loc, name, &info, H5P_DEFAULT) < 0) return -1;
    return info.type == H5L_TYPE_HARD;
}

/* Where a dataset's values are: 1 stored in this file unfiltered, 2 in this file through filters
 * (compressed), 0 in external files or other datasets (virtual), negative on error. */
static inline int chdf5_values_storage(hid_t dataset) {
    hid_t plist = H5Dget_create_plist(dataset);
    if (plist < 0) return -1;
    int elsewhere = H5Pget_layout(plist) == H5D_VIRTUAL || H5Pget_external_count(plist) != 0;
    int filters = H5Pget_nfilters(plist);
    H5Pclose(plist);
    if (elsewhere) return 0;
    return filters > 0 ? 2 : 1;
}

#endif
