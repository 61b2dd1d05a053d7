import assert from 'node:assert/strict';
import { test } from 'node:test';
import { mergeAvailability, normalizeVersion, overlayAvailability, readAvailability } from '../../../core/model/availability';
import { compareVersions } from '../../../core/util/versions';

test('clang attribute: introduced, deprecated, obsoleted, with or without spaces, the __availability__ spelling', () => {
  assert.deepEqual(readAvailability('__attribute__', '(availability(driverkit,introduced=20.0))'), { introduced: '20.0' });
  assert.deepEqual(readAvailability('__attribute__', '(availability(driverkit, introduced=19.0))'), { introduced: '19.0' });
  assert.deepEqual(readAvailability('__attribute__', '( __availability__( driverkit , introduced = 21 , deprecated = 23.2, obsoleted=24.0 ) )'), {
    introduced: '21.0',
    deprecated: '23.2',
    obsoleted: '24.0',
  });
  assert.deepEqual(readAvailability('__attribute__', '(availability(driverkit,introduced=20,message="Type-safe, and newer"))'), { introduced: '20.0', message: 'Type-safe, and newer' });
  assert.deepEqual(readAvailability('__attribute__', '(availability(driverkit, strict, introduced = 24.0))'), { introduced: '24.0' });
  assert.deepEqual(readAvailability('__attribute__', '(availability(driverkit,unavailable))'), { unavailable: true });
  assert.deepEqual(readAvailability('__attribute__', '(availability(driverkit,deprecated=22.0,replacement="SetLEDState"))'), { deprecated: '22.0', replacement: 'SetLEDState' });
});

test('clang attribute: other platforms say nothing; several attributes in one list are read together', () => {
  assert.equal(readAvailability('__attribute__', '(availability(macos,introduced=10.15))'), undefined);
  assert.equal(readAvailability('__attribute__', '(visibility("hidden"))'), undefined);
  assert.deepEqual(readAvailability('__attribute__', '(availability(macos,introduced=12.0), availability(driverkit,introduced=21.0), warn_unused_result)'), { introduced: '21.0' });
});

test('os_availability.h macros: API_AVAILABLE, API_DEPRECATED(_WITH_REPLACEMENT), API_OBSOLETED, API_UNAVAILABLE and their __ twins', () => {
  assert.deepEqual(readAvailability('API_AVAILABLE', 'driverkit(21.0)'), { introduced: '21.0' });
  assert.deepEqual(readAvailability('API_AVAILABLE', 'macos(12.0), driverkit(21.0)'), { introduced: '21.0' });
  assert.deepEqual(readAvailability('__API_AVAILABLE', 'DriverKit(20)'), { introduced: '20.0' });
  assert.equal(readAvailability('API_AVAILABLE', 'macos(12.0), ios(15.0)'), undefined);
  assert.deepEqual(readAvailability('API_DEPRECATED', '"Use the new one, please", driverkit(19.0, 22.0)'), { introduced: '19.0', deprecated: '22.0', message: 'Use the new one, please' });
  assert.deepEqual(readAvailability('API_DEPRECATED_WITH_REPLACEMENT', '"SetLEDState", macos(10.15, 12.0), driverkit(19.0, 21.0)'), { introduced: '19.0', deprecated: '21.0', replacement: 'SetLEDState' });
  assert.deepEqual(readAvailability('API_DEPRECATED', '"soon", driverkit(19.0, API_TO_BE_DEPRECATED)'), { introduced: '19.0', message: 'soon' }, 'to be deprecated is not deprecated yet');
  assert.deepEqual(readAvailability('API_OBSOLETED', '"gone", driverkit(19.0, 21.0, 23.0)'), { introduced: '19.0', deprecated: '21.0', obsoleted: '23.0', message: 'gone' });
  assert.deepEqual(readAvailability('API_OBSOLETED_WITH_REPLACEMENT', '"CreateWithOptions", driverkit(19.0, 21.0, 23.0)'), { introduced: '19.0', deprecated: '21.0', obsoleted: '23.0', replacement: 'CreateWithOptions' });
  assert.deepEqual(readAvailability('API_UNAVAILABLE', 'ios, driverkit'), { unavailable: true });
  assert.equal(readAvailability('API_UNAVAILABLE', 'ios, tvos'), undefined);
  assert.deepEqual(readAvailability('API_AVAILABLE_BEGIN', 'driverkit(22.0)'), { introduced: '22.0' });
});

test('Availability.h per-platform macros and __OS_AVAILABILITY', () => {
  assert.deepEqual(readAvailability('__DRIVERKIT_AVAILABLE', '21.0'), { introduced: '21.0' });
  assert.deepEqual(readAvailability('__DRIVERKIT_AVAILABLE', '__DRIVERKIT_21_0'), { introduced: '21.0' });
  assert.deepEqual(readAvailability('__DRIVERKIT_DEPRECATED', '19.0, 22.0, "old"'), { introduced: '19.0', deprecated: '22.0', message: 'old' });
  assert.deepEqual(readAvailability('__DRIVERKIT_UNAVAILABLE', undefined), { unavailable: true });
  assert.deepEqual(readAvailability('__OS_AVAILABILITY', 'driverkit, introduced=20.0'), { introduced: '20.0' });
  assert.deepEqual(readAvailability('__OS_AVAILABILITY_MSG', 'driverkit, deprecated=22.0, "use Other"'), { deprecated: '22.0', message: 'use Other' });
  assert.equal(readAvailability('__OS_AVAILABILITY', 'macosx, introduced=10.15'), undefined);
});

test('versions: written forms, comparison, merging and scoped defaults', () => {
  assert.equal(normalizeVersion('21'), '21.0');
  assert.equal(normalizeVersion(' 21_4 '), '21.4');
  assert.equal(normalizeVersion('__DRIVERKIT_22_4'), '22.4');
  assert.equal(normalizeVersion('22.4.1'), '22.4.1');
  assert.equal(normalizeVersion('API_TO_BE_DEPRECATED'), undefined);
  assert.equal(normalizeVersion('x21'), undefined);
  assert.ok(compareVersions('20.4', '21') < 0);
  assert.equal(compareVersions('21', '21.0.0'), 0);
  assert.ok(compareVersions('22.10', '22.4') > 0);
  assert.deepEqual(mergeAvailability({ introduced: '20.0' }, { deprecated: '22.0' }, undefined), { introduced: '20.0', deprecated: '22.0' });
  assert.deepEqual(overlayAvailability({ introduced: '23.0' }, { introduced: '21.0', deprecated: '24.0' }), { introduced: '23.0', deprecated: '24.0' });
  assert.equal(mergeAvailability(undefined, undefined), undefined);
});
