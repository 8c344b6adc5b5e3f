/* Empty placeholder translation unit (see meson.build). */
typedef int livebridge_stub_t;
