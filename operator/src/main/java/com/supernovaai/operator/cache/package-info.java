/**
 * What the informer caches keep of each object: only what the operator reads. A leaf package: it
 * depends on no other operator package.
 */
package com.supernovaai.operator.cache;
