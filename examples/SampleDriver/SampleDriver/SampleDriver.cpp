//
//  SampleDriver.cpp
//  SampleDriver
//
//  See SampleDriver.iig for what this driver does.
//

#include <os/log.h>

#include <DriverKit/IOLib.h>
#include <DriverKit/IOService.h>
#include <DriverKit/IOUserClient.h>
#include <DriverKit/IODispatchQueue.h>
#include <DriverKit/IOBufferMemoryDescriptor.h>
#include <DriverKit/OSAction.h>
#include <USBDriverKit/IOUSBHostInterface.h>
#include <USBDriverKit/IOUSBHostPipe.h>

#include "SampleDriver.h"
#include "SampleDriverShared.h"

#define SDLog(fmt, ...) os_log(OS_LOG_DEFAULT, "SampleDriver: " fmt, ##__VA_ARGS__)

// Endpoint addresses fixed by the device firmware.
static constexpr uint8_t  kBulkInEndpoint   = 0x81;
static constexpr uint8_t  kBulkOutEndpoint  = 0x02;
static constexpr uint32_t kCommandTimeoutMs = 1000;

struct SampleDriver_IVars
{
    IOUSBHostInterface       * interface;
    IOUSBHostPipe            * inPipe;
    IOUSBHostPipe            * outPipe;
    IOBufferMemoryDescriptor * inBuffer;
    IOBufferMemoryDescriptor * outBuffer;
    OSAction                 * readAction;
    IODispatchQueue          * readQueue;

    // packetLock guards the last packet and the counters, which ReadQueue
    // writes and user clients read. commandLock keeps commands from
    // interleaving in outBuffer.
    IOLock                   * packetLock;
    IOLock                   * commandLock;

    uint8_t                    lastPacket[kSampleMaxPacketSize];
    uint32_t                   lastPacketLength;
    uint64_t                   packetCount;
    uint64_t                   byteCount;

    bool                       opened;
    bool                       stopping;
};

// MARK: - Life cycle

bool
SampleDriver::init()
{
    if (!super::init()) {
        return false;
    }

    ivars = IONewZero(SampleDriver_IVars, 1);
    if (ivars == nullptr) {
        return false;
    }

    ivars->packetLock  = IOLockAlloc();
    ivars->commandLock = IOLockAlloc();
    if (ivars->packetLock == nullptr || ivars->commandLock == nullptr) {
        return false;
    }

    return true;
}

void
SampleDriver::free()
{
    if (ivars != nullptr) {
        OSSafeReleaseNULL(ivars->readAction);
        OSSafeReleaseNULL(ivars->inBuffer);
        OSSafeReleaseNULL(ivars->outBuffer);
        OSSafeReleaseNULL(ivars->inPipe);
        OSSafeReleaseNULL(ivars->outPipe);
        OSSafeReleaseNULL(ivars->readQueue);
        OSSafeReleaseNULL(ivars->interface);

        if (ivars->packetLock != nullptr) {
            IOLockFree(ivars->packetLock);
        }
        if (ivars->commandLock != nullptr) {
            IOLockFree(ivars->commandLock);
        }
    }

    IOSafeDeleteNULL(ivars, SampleDriver_IVars, 1);
    super::free();
}

kern_return_t
IMPL(SampleDriver, Start)
{
    kern_return_t ret;

    ret = Start(provider, SUPERDISPATCH);
    if (ret != kIOReturnSuccess) {
        SDLog("parent Start failed: 0x%x", ret);
        return ret;
    }

    ivars->interface = OSDynamicCast(IOUSBHostInterface, provider);
    if (ivars->interface == nullptr) {
        SDLog("provider is not a USB interface");
        return kIOReturnNoDevice;
    }
    ivars->interface->retain();

    // Read completions run on their own queue so that a slow user client
    // never delays the next read.
    ret = IODispatchQueue::Create("ReadQueue", 0, 0, &ivars->readQueue);
    if (ret == kIOReturnSuccess) {
        ret = SetDispatchQueue("ReadQueue", ivars->readQueue);
    }

    if (ret == kIOReturnSuccess) {
        ret = ivars->interface->Open(this, 0, nullptr);
        ivars->opened = (ret == kIOReturnSuccess);
    }
    if (ret == kIOReturnSuccess) {
        ret = ivars->interface->CopyPipe(kBulkInEndpoint, &ivars->inPipe);
    }
    if (ret == kIOReturnSuccess) {
        ret = ivars->interface->CopyPipe(kBulkOutEndpoint, &ivars->outPipe);
    }
    if (ret == kIOReturnSuccess) {
        ret = ivars->interface->CreateIOBuffer(kIOMemoryDirectionIn, kSampleMaxPacketSize, &ivars->inBuffer);
    }
    if (ret == kIOReturnSuccess) {
        ret = ivars->interface->CreateIOBuffer(kIOMemoryDirectionOut, kSampleMaxCommandSize, &ivars->outBuffer);
    }
    if (ret == kIOReturnSuccess) {
        ret = CreateActionReadComplete(0, &ivars->readAction);
    }
    if (ret == kIOReturnSuccess) {
        ret = queueRead();
    }
    if (ret == kIOReturnSuccess) {
        // Makes the service visible to applications looking for it.
        ret = RegisterService();
    }

    if (ret != kIOReturnSuccess) {
        SDLog("setup failed: 0x%x", ret);
        if (ivars->opened) {
            ivars->interface->Close(this, 0);
            ivars->opened = false;
        }
        return ret;
    }

    SDLog("started");
    return kIOReturnSuccess;
}

kern_return_t
IMPL(SampleDriver, Stop)
{
    ivars->stopping = true;

    // The pending read completes with kIOReturnAborted.
    if (ivars->inPipe != nullptr) {
        ivars->inPipe->Abort(kIOUSBAbortAsynchronous, kIOReturnAborted, nullptr);
    }
    if (ivars->opened) {
        ivars->interface->Close(this, 0);
        ivars->opened = false;
    }

    SDLog("stopping after %llu packets", ivars->packetCount);
    return Stop(provider, SUPERDISPATCH);
}

kern_return_t
IMPL(SampleDriver, NewUserClient)
{
    IOService * client = nullptr;
    kern_return_t ret;

    ret = Create(this, "UserClientProperties", &client);
    if (ret != kIOReturnSuccess) {
        SDLog("could not create a user client (type %u): 0x%x", type, ret);
        return ret;
    }

    *userClient = OSDynamicCast(IOUserClient, client);
    if (*userClient == nullptr) {
        client->release();
        return kIOReturnError;
    }

    return kIOReturnSuccess;
}

// MARK: - Reading

kern_return_t
SampleDriver::queueRead()
{
    if (ivars->inPipe == nullptr || ivars->inBuffer == nullptr || ivars->readAction == nullptr) {
        return kIOReturnNotReady;
    }
    return ivars->inPipe->AsyncIO(ivars->inBuffer, kSampleMaxPacketSize, ivars->readAction, 0);
}

void
IMPL(SampleDriver, ReadComplete)
{
    if (status != kIOReturnSuccess) {
        // Aborted is the normal end during Stop. Any other error ends the
        // stream; the device has to be reconnected.
        if (status != kIOReturnAborted) {
            SDLog("read failed: 0x%x", status);
        }
        return;
    }

    IOAddressSegment range = {};
    if (ivars->inBuffer->GetAddressRange(&range) == kIOReturnSuccess) {
        uint32_t length = actualByteCount < kSampleMaxPacketSize ? actualByteCount : kSampleMaxPacketSize;

        IOLockLock(ivars->packetLock);
        memcpy(ivars->lastPacket, reinterpret_cast<const void *>(range.address), length);
        ivars->lastPacketLength = length;
        ivars->packetCount++;
        ivars->byteCount += actualByteCount;
        IOLockUnlock(ivars->packetLock);
    }

    if (!ivars->stopping) {
        kern_return_t ret = queueRead();
        if (ret != kIOReturnSuccess) {
            SDLog("could not queue the next read: 0x%x", ret);
        }
    }
}

// MARK: - Services for SampleUserClient

void
SampleDriver::copyStatistics(uint64_t * packets, uint64_t * bytes)
{
    IOLockLock(ivars->packetLock);
    *packets = ivars->packetCount;
    *bytes   = ivars->byteCount;
    IOLockUnlock(ivars->packetLock);
}

uint32_t
SampleDriver::copyLastPacket(uint8_t * destination, uint32_t capacity)
{
    IOLockLock(ivars->packetLock);
    uint32_t length = ivars->lastPacketLength < capacity ? ivars->lastPacketLength : capacity;
    memcpy(destination, ivars->lastPacket, length);
    IOLockUnlock(ivars->packetLock);
    return length;
}

kern_return_t
SampleDriver::sendCommand(const uint8_t * bytes, uint32_t length)
{
    if (bytes == nullptr || length == 0 || length > kSampleMaxCommandSize) {
        return kIOReturnBadArgument;
    }
    if (ivars->outPipe == nullptr || ivars->outBuffer == nullptr || ivars->stopping) {
        return kIOReturnNotReady;
    }

    IOAddressSegment range = {};
    uint32_t transferred = 0;

    IOLockLock(ivars->commandLock);
    kern_return_t ret = ivars->outBuffer->GetAddressRange(&range);
    if (ret == kIOReturnSuccess) {
        memcpy(reinterpret_cast<void *>(range.address), bytes, length);
        ret = ivars->outPipe->IO(ivars->outBuffer, length, &transferred, kCommandTimeoutMs);
    }
    IOLockUnlock(ivars->commandLock);

    if (ret == kIOReturnSuccess && transferred != length) {
        ret = kIOReturnUnderrun;
    }
    return ret;
}
